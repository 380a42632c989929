import { describe, expect, it } from 'vitest';
import { dummyVerify, hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from './password';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('DoiThoai@2026');
    expect(await verifyPassword('DoiThoai@2026', h)).toBe(true);
    expect(await verifyPassword('DoiThoai@2027', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('stores its parameters and a per-hash salt in the string', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^\\$scrypt\\$ln=${SCRYPT_PARAMS.ln},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}\\$[A-Za-z0-9+/=]{20,}\\$[A-Za-z0-9+/=]{40,}$`));
    expect(SCRYPT_PARAMS.ln).toBeGreaterThanOrEqual(15);
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies hashes made with other parameters and asks for a rehash', async () => {
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync('cũ-mật-khẩu', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = `$scrypt$ln=14,r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('cũ-mật-khẩu', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('treats NFC and NFD spellings of a Vietnamese password as the same', async () => {
    const nfc = 'Mật khẩu Sơn La'.normalize('NFC');
    const h = await hashPassword(nfc);
    expect(await verifyPassword(nfc.normalize('NFD'), h)).toBe(true);
  });

  it('never matches a malformed or tampered hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBe(false);
    expect(needsRehash('plain-text')).toBe(true);
    await expect(dummyVerify('anything')).resolves.toBeUndefined();
  });
});
