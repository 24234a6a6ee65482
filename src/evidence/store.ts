/**
 * The evidence store: DATA_DIR/evidence/<storageId>, one file per upload, each sealed with AES-256-GCM under
 * EVIDENCE_KEY. File format: "UDE1" (4 bytes) · IV (12) · ciphertext · tag (16). The storage id is authenticated
 * with the bytes (AAD), so a file copied over another's name does not open. Whole files are sealed and opened in
 * memory: a file is at most EVIDENCE_MAX_FILE_MB, and a download is only sent once its tag has been checked.
 * Uploads are written to DATA_DIR/evidence-incoming first (outside the backed-up folder) and moved in only once
 * every file of the upload was accepted.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open as openFile, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const MAGIC = Buffer.from('UDE1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const STORAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type EvidenceStore = { dir: string; incoming: string; key: Buffer };

export function evidenceStore(config: { dir: string; key: Buffer }): EvidenceStore {
  return { dir: config.dir, incoming: join(dirname(config.dir), 'evidence-incoming'), key: config.key };
}

export const newStorageId = () => randomUUID();

export function seal(key: Buffer, storageId: string, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(storageId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, body, cipher.getAuthTag()]);
}

/** The plain bytes, or null when the file was changed, or sealed under another key or for another id. */
export function unseal(key: Buffer, storageId: string, sealed: Buffer): Buffer | null {
  if (sealed.length < MAGIC.length + IV_BYTES + TAG_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  try {
    const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(storageId, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(MAGIC.length + IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

const pathIn = (dir: string, storageId: string) => {
  // The id comes from our own database; checked anyway so that no value ever walks out of the folder.
  if (!STORAGE_ID.test(storageId)) throw new Error('not a storage id');
  return join(dir, storageId);
};

/** Writes the sealed file into the incoming folder and flushes it to disk (an acknowledged upload survives power loss). */
export async function stage(store: EvidenceStore, storageId: string, plain: Buffer): Promise<void> {
  await mkdir(store.incoming, { recursive: true, mode: 0o700 });
  const handle = await openFile(pathIn(store.incoming, storageId), 'wx', 0o600);
  try {
    await handle.writeFile(seal(store.key, storageId, plain));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Moves staged files into the store (same file system: DATA_DIR). */
export async function commitStaged(store: EvidenceStore, storageIds: readonly string[]): Promise<void> {
  await mkdir(store.dir, { recursive: true, mode: 0o700 });
  for (const id of storageIds) await rename(pathIn(store.incoming, id), pathIn(store.dir, id));
  const folder = await openFile(store.dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

export async function discardStaged(store: EvidenceStore, storageIds: readonly string[]): Promise<void> {
  for (const id of storageIds) await rm(pathIn(store.incoming, id), { force: true });
}

/** The plain bytes of a stored file; null when it is missing or does not open under the key. */
export async function readStored(store: EvidenceStore, storageId: string): Promise<Buffer | null> {
  let sealed: Buffer;
  try {
    sealed = await readFile(pathIn(store.dir, storageId));
  } catch {
    return null;
  }
  return unseal(store.key, storageId, sealed);
}

export async function removeStored(store: EvidenceStore, storageId: string): Promise<void> {
  await unlink(pathIn(store.dir, storageId)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

export const storedExists = (store: EvidenceStore, storageId: string) => existsSync(pathIn(store.dir, storageId));

/** Names in the store folder (for the start-up sweep of files no row knows). */
export async function storedIds(store: EvidenceStore): Promise<string[]> {
  if (!existsSync(store.dir)) return [];
  return (await readdir(store.dir)).filter((n) => STORAGE_ID.test(n));
}

/** Uploads interrupted by a stop: nothing in the incoming folder belongs to a finished upload. */
export async function clearIncoming(store: EvidenceStore): Promise<void> {
  await rm(store.incoming, { recursive: true, force: true });
}
