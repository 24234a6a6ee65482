import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { formatRecoveryCode, groupSecret, newRecoveryCode, open, readSecondFactorInput, seal } from '../../../src/auth/second-factor.crypto.js';
import { acceptedStep, mustHaveSecondFactor } from '../../../src/auth/second-factor.service.js';
import { roles } from '../../../src/users/users.table.js';

const key = Buffer.alloc(32, 3);

describe('sealed secrets (AES-256-GCM)', () => {
  it('open what they sealed, and differ each time for the same text', () => {
    const a = seal(key, 'JBSWY3DPEHPK3PXP', 'second-factor:u1');
    const b = seal(key, 'JBSWY3DPEHPK3PXP', 'second-factor:u1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(key, a, 'second-factor:u1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuse another key, another context, a changed byte or something that is no sealed value', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'second-factor:u1');
    expect(open(Buffer.alloc(32, 4), sealed, 'second-factor:u1')).toBeNull();
    expect(open(key, sealed, 'second-factor:u2')).toBeNull();
    const data = sealed.slice(3);
    const flipped = `v1.${data.slice(0, 30)}${data[30] === 'A' ? 'B' : 'A'}${data.slice(31)}`;
    expect(open(key, flipped, 'second-factor:u1')).toBeNull();
    for (const junk of ['', 'v1.', 'v2.' + data, 'v1.abc', 'v1.' + data + '.x', 'JBSWY3DPEHPK3PXP']) expect(open(key, junk, 'second-factor:u1')).toBeNull();
  });
});

describe('codes', () => {
  it('recovery codes are 10 base32 characters, shown in two groups of five', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{10}$/);
    expect(new Set(codes).size).toBe(200);
    expect(formatRecoveryCode('ABCDEFGHIJ')).toBe('ABCDE-FGHIJ');
  });

  it('read what was typed as six digits or a recovery code, ignoring case, spaces and dashes', () => {
    expect(readSecondFactorInput(' 123 456 ')).toEqual({ kind: 'totp', value: '123456' });
    expect(readSecondFactorInput('abcde-fghij')).toEqual({ kind: 'recovery', value: 'ABCDEFGHIJ' });
    for (const other of ['12345', '1234567', 'ABCDE-FGHI1', 'ABCDEFGHIJK', '', '１２３４５６']) expect(readSecondFactorInput(other), other).toBeNull();
  });

  it('group the secret in fours for typing', () => {
    expect(groupSecret('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')).toBe('ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567');
  });
});

describe('TOTP check (RFC 6238)', () => {
  const secret = new Secret({ size: 20 }).base32;
  const totp = new TOTP({ secret: Secret.fromBase32(secret) });
  const now = Date.parse('2026-11-24T10:00:10Z');
  const step = Math.floor(now / 30_000);

  it('accepts the code of this, the previous and the next step, and tells which step it was', () => {
    expect(acceptedStep(secret, totp.generate({ timestamp: now }), now)).toBe(step);
    expect(acceptedStep(secret, totp.generate({ timestamp: now - 30_000 }), now)).toBe(step - 1);
    expect(acceptedStep(secret, totp.generate({ timestamp: now + 30_000 }), now)).toBe(step + 1);
  });

  it('refuses codes two steps away, and times it on the clock given, not the machine clock', () => {
    expect(acceptedStep(secret, totp.generate({ timestamp: now - 60_000 }), now)).toBeNull();
    expect(acceptedStep(secret, totp.generate({ timestamp: now + 60_000 }), now)).toBeNull();
    const long = Date.parse('2001-01-01T00:00:00Z');
    expect(acceptedStep(secret, totp.generate({ timestamp: long }), long)).toBe(Math.floor(long / 30_000));
  });

  it('is required of administrators and supervisors by default, of every role with everyone, of none with off', () => {
    expect(roles.filter((r) => mustHaveSecondFactor('admins-supervisors', r))).toEqual(['supervisor', 'admin']);
    expect(roles.filter((r) => mustHaveSecondFactor('everyone', r))).toEqual([...roles]);
    expect(roles.filter((r) => mustHaveSecondFactor('off', r))).toEqual([]);
  });
});
