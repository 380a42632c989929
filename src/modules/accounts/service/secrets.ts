// Secrets handed out (session ids, reset links, API tokens) and how they are stored (their SHA-256).
import { createHash, randomBytes } from 'node:crypto';

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
