import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

export const KEY_BYTES = 32;

/** One line that says how a key is written, for the configuration error (never the value that was given). */
export const KEY_FORMAT = `must be ${KEY_BYTES} bytes written as 64 hex digits or 44 base64 characters (make one with: openssl rand -base64 32)`;

/** A 32-byte key from its text form: 64 hex digits, or base64 (standard or URL-safe, padding optional). */
export function parseBackupKey(text: string): Buffer | null {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(s) || /^[A-Za-z0-9_-]{43}=?$/.test(s)) {
    const key = Buffer.from(s, s.includes('-') || s.includes('_') ? 'base64url' : 'base64');
    return key.length === KEY_BYTES ? key : null;
  }
  return null;
}

/** The key in a key file: its text form, or exactly 32 raw bytes. Throws an Error with a one-line reason. */
export function readBackupKeyFile(path: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const key = parseBackupKey(raw.toString('latin1')) ?? (raw.length === KEY_BYTES ? raw : null);
  if (!key) throw new Error(`the file ${KEY_FORMAT}, or be exactly ${KEY_BYTES} raw bytes`);
  return key;
}

/** The path with symbolic links resolved as far as it exists (a folder to be created is compared as written). */
function real(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : resolve(real(parent), relative(parent, abs));
  }
}

/** True when `path` is `folder` or lies anywhere below it. */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(real(folder), real(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
