import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt from node:crypto (no native add-on, no dependency).
 * Parameters: one of OWASP's recommended scrypt configurations (N=2^15, r=8, p=3: 32 MiB per hash),
 * a 16-byte random salt per hash, a 32-byte key. The string carries its parameters, PHC style:
 *   $scrypt$ln=15,r=8,p=3$<salt base64>$<key base64>
 * so that they can be raised later: `needsRehash()` tells the login to re-hash with the current ones.
 */
export const SCRYPT_PARAMS = { ln: 15, r: 8, p: 3 } as const;
const KEY_LEN = 32;
const SALT_LEN = 16;
/** Upper bound accepted when verifying stored hashes (refuses absurd parameters from a tampered row). */
const MAX_LN = 20;

function scrypt(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function options(ln: number, r: number, p: number): ScryptOptions {
  const N = 2 ** ln;
  // scrypt needs 128·N·r bytes (plus a little): allow twice that.
  return { N, r, p, maxmem: 256 * N * r };
}

export async function hashPassword(password: string): Promise<string> {
  const { ln, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(SALT_LEN);
  const key = await scrypt(password, salt, KEY_LEN, options(ln, r, p));
  return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Parsed {
  ln: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): Parsed | null {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ln < 10 || ln > MAX_LN || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(m[4], 'base64');
  const key = Buffer.from(m[5], 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { ln, r, p, salt, key };
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) {
    await dummyVerify(password);
    return false;
  }
  const key = await scrypt(password, h.salt, h.key.length, options(h.ln, h.r, h.p));
  return key.length === h.key.length && timingSafeEqual(key, h.key);
}

/** True when the stored hash used other parameters than the current ones. */
export function needsRehash(stored: string): boolean {
  const h = parseHash(stored);
  return !h || h.ln !== SCRYPT_PARAMS.ln || h.r !== SCRYPT_PARAMS.r || h.p !== SCRYPT_PARAMS.p;
}

let dummy: Promise<string> | null = null;
/**
 * The same work as a real verification, for a login that matches no account: the answer then
 * takes as long whether or not the account exists.
 */
export async function dummyVerify(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(12).toString('base64'));
  const h = parseHash(await dummy)!;
  const key = await scrypt(password, h.salt, h.key.length, options(h.ln, h.r, h.p));
  timingSafeEqual(key, h.key);
}
