/**
 * Recognises an image by its first bytes, never by its file name or claimed MIME type. Only a few
 * formats are let through (see intake.ts); everything else is named so the refusal can say what
 * arrived.
 */
export type SniffedFormat =
  'jpeg' | 'png' | 'tiff' | 'pnm' | 'gif' | 'webp' | 'svg' | 'pdf' | 'bmp' | 'heif' | 'unknown';

export type AllowedFormat = 'jpeg' | 'png' | 'tiff' | 'pnm';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  // Binary greymap/pixmap only (P5, P6): what scanimage writes; the ASCII variants are never needed.
  if (bytes.length > 3 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x36)) {
    const ws = bytes[2];
    if (ws === 0x0a || ws === 0x20 || ws === 0x0d || ws === 0x09) return 'pnm';
  }
  if (startsWith(bytes, ascii('GIF8'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('%PDF'))) return 'pdf';
  if (startsWith(bytes, ascii('BM'))) return 'bmp';
  if (startsWith(bytes, ascii('ftyp'), 4)) return 'heif';
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
  return 'unknown';
}

/** Where an image came from decides which formats are acceptable. */
export type ImageOrigin = 'scanner' | 'file' | 'camera';

const ALLOWED: Record<ImageOrigin, readonly AllowedFormat[]> = {
  // scanimage and eSCL scanners may legitimately hand over TIFF or PNM.
  scanner: ['jpeg', 'png', 'tiff', 'pnm'],
  // Operator-chosen files and watched-folder drops: the formats the providers accept, nothing more.
  file: ['jpeg', 'png'],
  camera: ['jpeg', 'png'],
};

export function isAllowed(format: SniffedFormat, origin: ImageOrigin): format is AllowedFormat {
  return (ALLOWED[origin] as readonly string[]).includes(format);
}
