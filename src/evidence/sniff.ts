/**
 * What a file is, decided by its bytes (file-type), never by its name or the browser's Content-Type. Only the kinds
 * a union desk needs as evidence are accepted; HTML, SVG, scripts, executables and archives are refused (a stored
 * HTML file opened from our origin could run as us). DOCX, XLSX and ODT are zip archives: file-type looks inside
 * ([Content_Types].xml, the ODF mimetype entry) and names them; any other zip stays a zip and is refused.
 * Plain text and CSV have no signature: accepted only as valid UTF-8 with no NUL or other control bytes, and not
 * beginning like markup.
 */
import { fileTypeFromBuffer } from 'file-type';

export type Sniffed = { mime: string; kind: EvidenceKind };
export type EvidenceKind = 'pdf' | 'image' | 'text' | 'document' | 'spreadsheet' | 'audio' | 'video';

const ALLOWED: Record<string, { mime: string; kind: EvidenceKind }> = {
  pdf: { mime: 'application/pdf', kind: 'pdf' },
  jpg: { mime: 'image/jpeg', kind: 'image' },
  png: { mime: 'image/png', kind: 'image' },
  webp: { mime: 'image/webp', kind: 'image' },
  heic: { mime: 'image/heic', kind: 'image' },
  heif: { mime: 'image/heif', kind: 'image' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: 'document' },
  odt: { mime: 'application/vnd.oasis.opendocument.text', kind: 'document' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'spreadsheet' },
  mp3: { mime: 'audio/mpeg', kind: 'audio' },
  m4a: { mime: 'audio/mp4', kind: 'audio' },
  ogg: { mime: 'audio/ogg', kind: 'audio' },
  oga: { mime: 'audio/ogg', kind: 'audio' },
  // WhatsApp voice notes: Opus in an Ogg container.
  opus: { mime: 'audio/ogg', kind: 'audio' },
  mp4: { mime: 'video/mp4', kind: 'video' },
};

/** Images a browser shows safely inline (HEIC is not among them), and PDFs: the only types previewed. */
export const PREVIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);

/** The file's type, or null when it is not one we accept. */
export async function sniff(bytes: Buffer, name: string): Promise<Sniffed | null> {
  if (bytes.length === 0) return null;
  const found = await fileTypeFromBuffer(bytes);
  if (found) return ALLOWED[found.ext] ?? null;
  if (!isPlainText(bytes)) return null;
  return /\.csv$/i.test(name) ? { mime: 'text/csv', kind: 'text' } : { mime: 'text/plain', kind: 'text' };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/** Tab, line feed, form feed and carriage return are the only control characters text keeps. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;
/** Markup a browser or an image viewer would interpret, wherever it starts. */
const MARKUP = /<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|link|style|\?xml|!\[CDATA\[|math|xml)\b/i;

export function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return false;
  }
  if (CONTROL.test(text)) return false;
  if (text.trimStart().startsWith('<')) return false;
  return !MARKUP.test(text);
}

const CODES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  'text/plain': 'text',
  'text/csv': 'csv',
};

/** A short code for the type's label (evidence.types.*). */
export const typeCode = (mime: string): string => CODES[mime] ?? 'other';

