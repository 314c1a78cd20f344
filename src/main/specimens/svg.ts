/** Small helpers for the SVG that sharp (librsvg) rasterises into specimen documents. */

export const FONT = "DejaVu Sans, 'Noto Sans Arabic', Arial, sans-serif";
export const MONO = "'OCR B', 'DejaVu Sans Mono', 'Liberation Mono', monospace";

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );
}

interface TextOptions {
  size: number;
  weight?: 'normal' | 'bold';
  fill?: string;
  family?: string;
  /** Right-to-left text is anchored at its right edge (x). */
  rtl?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  spacing?: number;
}

export function text(x: number, y: number, content: string, options: TextOptions): string {
  const attrs = [
    `x="${x}"`,
    `y="${y}"`,
    `font-family="${options.family ?? FONT}"`,
    `font-size="${options.size}"`,
    `font-weight="${options.weight ?? 'normal'}"`,
    `fill="${options.fill ?? '#1b1b1b'}"`,
    // librsvg anchors rtl text at x with text-anchor="start"
    options.rtl ? 'direction="rtl" text-anchor="start"' : `text-anchor="${options.anchor ?? 'start'}"`,
    options.spacing !== undefined ? `letter-spacing="${options.spacing}"` : '',
  ];
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

/** Western digits as Eastern Arabic digits, as the card prints its numbers. */
export function arabicDigits(value: string): string {
  return value.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
}

/** The diagonal SPECIMEN marking every synthetic document carries. */
export function specimenWatermark(width: number, height: number): string {
  const size = Math.round(height / 5);
  return (
    `<g transform="rotate(-18 ${width / 2} ${height / 2})" opacity="0.28">` +
    text(width / 2, height / 2 + size / 3, 'SPECIMEN', {
      size,
      weight: 'bold',
      fill: '#c0151b',
      anchor: 'middle',
      spacing: size / 8,
    }) +
    `</g>`
  );
}

/** A neutral head-and-shoulders silhouette where the photo goes. */
export function photoPlaceholder(x: number, y: number, w: number, h: number): string {
  const cx = x + w / 2;
  return (
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="#c9d1d6" stroke="#7d8a92" stroke-width="2"/>` +
    `<circle cx="${cx}" cy="${y + h * 0.38}" r="${w * 0.22}" fill="#8e9ba3"/>` +
    `<path d="M${x + w * 0.12} ${y + h} Q${cx} ${y + h * 0.5} ${x + w * 0.88} ${y + h}Z" fill="#8e9ba3"/>`
  );
}
