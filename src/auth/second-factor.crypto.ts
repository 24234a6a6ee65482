import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';

/**
 * Second-factor secrets at rest: AES-256-GCM under TOTP_KEY, so that a copy of the database alone (a backup, a
 * Litestream replica) does not hand out every account's authenticator. `context` is authenticated with the text:
 * a sealed value moved to another user's row, or another purpose, does not open.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The text, or null when the value was changed, sealed under another key or for another context. */
export function open(key: Buffer, sealed: string, context: string): string | null {
  const [version, data, ...rest] = sealed.split('.');
  if (version !== VERSION || !data || rest.length) return null;
  const raw = Buffer.from(data, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** RFC 4648 base32: no 0, 1, 8 or 9, so a recovery code is never mistaken for six digits. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const RECOVERY_CODE_LENGTH = 10;

/** 10 random base32 characters (50 bits), as stored and compared. */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i += 1) code += BASE32[randomInt(BASE32.length)];
  return code;
}

/** As shown to the user: two groups of five. */
export const formatRecoveryCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** What the user typed at the second step: a 6-digit code, a recovery code (any case, spaces and dashes ignored), or neither. */
export function readSecondFactorInput(typed: string): { kind: 'totp' | 'recovery'; value: string } | null {
  const compact = typed.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', value: compact };
  if (new RegExp(`^[${BASE32}]{${RECOVERY_CODE_LENGTH}}$`).test(compact)) return { kind: 'recovery', value: compact };
  return null;
}

/** The secret for manual entry in an authenticator app: groups of four. */
export const groupSecret = (base32: string) => base32.match(/.{1,4}/g)!.join(' ');
