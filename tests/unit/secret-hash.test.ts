// scrypt hashing of PINs and passwords, and the lockout back-off.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCKOUT, lockoutAfter } from '../../src/main/security/lockout';
import { hashSecret, verifySecret } from '../../src/main/security/secret-hash';

// Small parameters keep the test quick; the stored form carries them, as production's do.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('secret hashing', () => {
  it('verifies the right secret only, with a fresh salt each time', async () => {
    const a = await hashSecret('135790', FAST);
    const b = await hashSecret('135790', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifySecret('135790', a)).toBe(true);
    expect(await verifySecret('135791', a)).toBe(false);
    expect(await verifySecret('', a)).toBe(false);
  });

  it('never matches a malformed stored form', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$1024$8$1$salt',
      'bcrypt$1$2$3$4$5',
      'scrypt$x$8$1$c2FsdA$aGFzaA',
    ]) {
      expect(await verifySecret('135790', stored), stored).toBe(false);
    }
  });

  it('the default parameters are memory-hard (32 MiB per guess)', async () => {
    const stored = await hashSecret('135790');
    const [, n, r] = stored.split('$').map(Number);
    expect(128 * n! * r!).toBe(32 * 1024 * 1024);
  });
});

describe('lockout back-off', () => {
  it('is free for the first attempts, then doubles up to the cap', () => {
    const free = DEFAULT_LOCKOUT.freeAttempts;
    for (let i = 1; i <= free; i++) expect(lockoutAfter(i)).toBe(0);
    expect(lockoutAfter(free + 1)).toBe(30_000);
    expect(lockoutAfter(free + 2)).toBe(60_000);
    expect(lockoutAfter(free + 3)).toBe(120_000);
    expect(lockoutAfter(free + 10)).toBe(15 * 60_000);
    expect(lockoutAfter(10_000)).toBe(15 * 60_000);
  });
});
