/**
 * Thumbnails of evidence files: a small WebP of a photo (JPEG, PNG, WebP) or of a PDF's first page, made when the file
 * is uploaded and stored beside it, sealed under the same key (store.ts). HEIC has none: the sharp build has no HEVC
 * decoder. A PDF's page is drawn by poppler's pdftoppm, fed through a pipe — the plain bytes never touch the disk —
 * with no shell, no environment but PATH (to find it) and a time limit; without pdftoppm (not installed, or PDFTOPPM
 * names nothing) a PDF has no thumbnail, and the list shows an icon, as for every other type.
 */
import { spawn } from 'node:child_process';
import sharp from 'sharp';

/** The longer side of a thumbnail, in pixels. */
export const THUMB_PX = 160;
/** A first page that takes longer than this to draw gets no thumbnail (the file itself is kept). */
const PDF_TIMEOUT_MS = 20_000;
/** pdftoppm's PNG of a 160 px page is a few kilobytes; far more means something is wrong. */
const PNG_MAX_BYTES = 4 * 1024 * 1024;

const THUMBNAILED_IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** The types that may have a thumbnail (whether one was made is recorded per file). */
export const mayHaveThumbnail = (mime: string) => THUMBNAILED_IMAGES.has(mime) || mime === 'application/pdf';

function toWebp(input: Buffer): Promise<Buffer | null> {
  // rotate(): a photo kept with its EXIF stands upright; sharp writes no metadata into the thumbnail.
  return sharp(input, { animated: false })
    .rotate()
    .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 70 })
    .toBuffer()
    .catch(() => null);
}

/** The first page of a PDF as PNG, or null (no pdftoppm, a PDF poppler cannot draw, too slow). */
export function firstPagePng(pdf: Buffer, pdftoppm: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: Buffer | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    // `-` reads the PDF from stdin; with no output root the PNG comes on stdout.
    const child = spawn(pdftoppm, ['-png', '-singlefile', '-f', '1', '-l', '1', '-scale-to', String(THUMB_PX), '-'], { stdio: ['pipe', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, shell: false });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(null);
    }, PDF_TIMEOUT_MS);
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > PNG_MAX_BYTES) {
        child.kill('SIGKILL');
        done(null);
      } else chunks.push(chunk);
    });
    // Not installed (ENOENT), or it stopped reading early (EPIPE): no thumbnail, never an error.
    child.on('error', () => done(null));
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => done(code === 0 && size > 0 ? Buffer.concat(chunks, size) : null));
    child.stdin.end(pdf);
  });
}

/** A thumbnail of the file as stored, or null when its type has none or it cannot be drawn. */
export async function makeThumbnail(bytes: Buffer, mime: string, pdftoppm: string | null): Promise<Buffer | null> {
  if (THUMBNAILED_IMAGES.has(mime)) return toWebp(bytes);
  if (mime === 'application/pdf' && pdftoppm) {
    const png = await firstPagePng(bytes, pdftoppm);
    return png ? toWebp(png) : null;
  }
  return null;
}
