/**
 * The encrypted archive: AES-256-GCM over the whole tar, behind a small header.
 *
 *   offset  0  4 bytes  magic "UDBK"
 *           4  1 byte   format version (1)
 *           5 12 bytes  IV, random for every archive
 *          17  8 bytes  key check: HMAC-SHA256(key, "uniondesk-backup-key-check" ‖ IV), first 8 bytes
 *          25 16 bytes  GCM authentication tag (written last, once the whole tar is encrypted)
 *          41           ciphertext of the tar
 *
 * The first 25 bytes are the GCM additional data, so the header cannot be changed either. The key check tells a
 * wrong key ("this is not the key") apart from a changed or damaged archive (the tag does not match) before a whole
 * archive is read; it reveals nothing of the key or the content.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const MAGIC = Buffer.from('UDBK', 'latin1');
const VERSION = 1;
const IV_BYTES = 12;
const CHECK_BYTES = 8;
const TAG_BYTES = 16;
const AAD_BYTES = MAGIC.length + 1 + IV_BYTES + CHECK_BYTES;
export const HEADER_BYTES = AAD_BYTES + TAG_BYTES;

/** A problem with an encrypted archive, said in words; `kind` chooses the message. */
export class ArchiveCryptoError extends Error {
  constructor(readonly kind: 'wrongKey' | 'tampered' | 'needsKey' | 'unknownVersion') {
    super(kind);
    this.name = 'ArchiveCryptoError';
  }
}

const keyCheck = (key: Buffer, iv: Buffer) =>
  createHmac('sha256', key).update('uniondesk-backup-key-check').update(iv).digest().subarray(0, CHECK_BYTES);

/** Writes `source` (the tar) encrypted to `path`; the file is flushed to disk before this resolves. */
export async function writeEncrypted(source: Readable, path: string, key: Buffer, signal?: AbortSignal): Promise<void> {
  const iv = randomBytes(IV_BYTES);
  const aad = Buffer.concat([MAGIC, Buffer.from([VERSION]), iv, keyCheck(key, iv)]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const file = await open(path, 'wx', 0o600);
  try {
    await file.write(Buffer.concat([aad, Buffer.alloc(TAG_BYTES)]), 0, HEADER_BYTES, 0);
  } finally {
    await file.close();
  }
  await pipeline(source, cipher, createWriteStream(path, { flags: 'r+', start: HEADER_BYTES }), { signal });
  // The tag is known only once everything is encrypted: it goes into the header's last field.
  await patchAndSync(path, cipher.getAuthTag(), AAD_BYTES);
}

/** Writes `source` unencrypted to `path`, flushed to disk. */
export async function writePlain(source: Readable, path: string, signal?: AbortSignal): Promise<void> {
  await pipeline(source, createWriteStream(path, { flags: 'wx', mode: 0o600 }), { signal });
  await patchAndSync(path);
}

async function patchAndSync(path: string, bytes?: Buffer, at = 0): Promise<void> {
  const file = await open(path, 'r+');
  try {
    if (bytes) await file.write(bytes, 0, bytes.length, at);
    await file.sync();
  } finally {
    await file.close();
  }
}

export type OpenedArchive = {
  encrypted: boolean;
  /** The tar, decrypted as it is read. Its data is authenticated only once `done` resolves: use nothing before. */
  stream: Readable;
  /** Resolves when the whole archive was read and (if encrypted) its tag matched; rejects with ArchiveCryptoError. */
  done: Promise<void>;
  /** Stops reading (after a failure) and closes the file. */
  close(): void;
};

/** Opens an archive for reading: an encrypted one needs its key; a plain tar is read as it is. */
export async function openArchive(path: string, key: Buffer | undefined): Promise<OpenedArchive> {
  const file = await open(path, 'r');
  const header = Buffer.alloc(HEADER_BYTES);
  let got: number;
  try {
    ({ bytesRead: got } = await file.read(header, 0, HEADER_BYTES, 0));
  } finally {
    await file.close();
  }
  if (got < MAGIC.length || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
    const stream = createReadStream(path);
    const done = new Promise<void>((resolve, reject) => stream.once('end', resolve).on('error', reject));
    done.catch(() => {});
    return { encrypted: false, stream, done, close: () => stream.destroy() };
  }
  if (got < HEADER_BYTES) throw new ArchiveCryptoError('tampered');
  if (header[MAGIC.length] !== VERSION) throw new ArchiveCryptoError('unknownVersion');
  if (!key) throw new ArchiveCryptoError('needsKey');
  const iv = header.subarray(MAGIC.length + 1, MAGIC.length + 1 + IV_BYTES);
  const check = header.subarray(MAGIC.length + 1 + IV_BYTES, AAD_BYTES);
  if (!timingSafeEqual(check, keyCheck(key, iv))) throw new ArchiveCryptoError('wrongKey');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(header.subarray(0, AAD_BYTES));
  decipher.setAuthTag(header.subarray(AAD_BYTES, HEADER_BYTES));
  const source = createReadStream(path, { start: HEADER_BYTES });
  const done = new Promise<void>((resolve, reject) => {
    source.on('error', reject);
    // GCM checks the tag in final(): a changed byte anywhere, or a changed tag, fails here.
    decipher.on('error', () => reject(new ArchiveCryptoError('tampered')));
    decipher.once('end', resolve);
  });
  done.catch(() => {});
  source.pipe(decipher);
  return {
    encrypted: true,
    stream: decipher,
    done,
    close() {
      source.destroy();
      decipher.destroy();
    },
  };
}
