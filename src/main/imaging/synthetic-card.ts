/**
 * A made-up ID-1 card drawn with sharp, for the simulated scanner, the eSCL simulator and tests:
 * no real person, no real number. Shapes only (no text), so it renders the same on every machine
 * whatever fonts are installed. Specimen documents from src/main/specimens replace it later
 * through the sources' `imageFor` callbacks.
 */
import sharp from 'sharp';

export interface SyntheticCardOptions {
  side?: 'front' | 'back';
  dpi?: number;
  /** The scanned area around the card, in millimetres (default: a card on a 100 x 70 mm area). */
  areaMm?: { width: number; height: number };
  /** Tilt of the card on the glass, degrees clockwise. */
  rotateDegrees?: number;
  /** Gaussian blur sigma in pixels, to imitate a card that moved or a camera out of focus. */
  blurSigma?: number;
  format?: 'png' | 'jpeg';
}

const CARD_MM = { width: 85.6, height: 53.98 };

function cardSvg(
  side: 'front' | 'back',
  mm: (v: number) => number,
  areaW: number,
  areaH: number,
  rotate: number,
): string {
  // 6 mm from the glass's corner, as a card placed by hand; less when the scanned area is too small
  // for that (a 90 × 60 mm card window), so the whole card is always inside the image.
  const x = Math.min(mm(6), Math.max(0, (areaW - mm(CARD_MM.width)) / 2));
  const y = Math.min(mm(6), Math.max(0, (areaH - mm(CARD_MM.height)) / 2));
  const w = mm(CARD_MM.width);
  const h = mm(CARD_MM.height);
  const parts: string[] = [
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${mm(3)}" fill="#cfe0ea" stroke="#7d97a8" stroke-width="${mm(0.3)}"/>`,
  ];
  // Fine guilloche-like waves: the texture a real card has, and what a blur score reacts to.
  for (let i = 0; i < 14; i++) {
    const yy = y + mm(4 + i * 3.6);
    let d = `M ${x + mm(2)} ${yy}`;
    for (let s = 1; s <= 40; s++) {
      d += ` L ${x + mm(2) + (s * (w - mm(4))) / 40} ${yy + Math.sin(s * 0.9 + i) * mm(0.8)}`;
    }
    parts.push(`<path d="${d}" fill="none" stroke="#9fb8c6" stroke-width="${mm(0.15)}"/>`);
  }
  if (side === 'front') {
    parts.push(
      `<rect x="${x + mm(4)}" y="${y + mm(10)}" width="${mm(24)}" height="${mm(30)}" fill="#8a8f96"/>`,
    );
    parts.push(`<circle cx="${x + mm(16)}" cy="${y + mm(20)}" r="${mm(6)}" fill="#5d636b"/>`);
    // "Text" lines of varying length: dark strokes like printed characters.
    const lines = [52, 44, 48, 30, 40, 36];
    lines.forEach((len, i) => {
      for (let c = 0; c < len; c += 2.2) {
        parts.push(
          `<rect x="${x + mm(32 + c)}" y="${y + mm(10 + i * 6)}" width="${mm(1.4)}" height="${mm(2.6)}" fill="#1d2329"/>`,
        );
      }
    });
    parts.push(
      `<rect x="${x + mm(32)}" y="${y + mm(46)}" width="${mm(48)}" height="${mm(4)}" fill="#1d2329"/>`,
    );
  } else {
    // A barcode-like band and address lines.
    for (let b = 0; b < 120; b++) {
      const bw = 0.2 + ((b * 7) % 5) * 0.12;
      parts.push(
        `<rect x="${x + mm(6 + b * 0.6)}" y="${y + mm(34)}" width="${mm(bw)}" height="${mm(14)}" fill="#111"/>`,
      );
    }
    [60, 50, 40].forEach((len, i) => {
      for (let c = 0; c < len; c += 2.2) {
        parts.push(
          `<rect x="${x + mm(6 + c)}" y="${y + mm(8 + i * 7)}" width="${mm(1.4)}" height="${mm(2.6)}" fill="#1d2329"/>`,
        );
      }
    });
  }
  const cx = x + w / 2;
  const cy = y + h / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${areaW}" height="${areaH}">` +
    `<rect width="100%" height="100%" fill="#fbfbf9"/>` +
    `<g transform="rotate(${rotate} ${cx} ${cy})">${parts.join('')}</g></svg>`
  );
}

export async function renderSyntheticCard(options: SyntheticCardOptions = {}): Promise<Buffer> {
  const dpi = options.dpi ?? 300;
  const mm = (v: number): number => Number(((v * dpi) / 25.4).toFixed(2));
  const area = options.areaMm ?? { width: 100, height: 70 };
  const areaW = Math.round(mm(area.width));
  const areaH = Math.round(mm(area.height));
  const svg = cardSvg(options.side ?? 'front', mm, areaW, areaH, options.rotateDegrees ?? 0);
  // density makes the SVG render at the requested resolution and is recorded in the output.
  let image = sharp(Buffer.from(svg), { density: 72 }).resize(areaW, areaH).removeAlpha();
  if (options.blurSigma) image = image.blur(options.blurSigma);
  image = image.withMetadata({ density: dpi });
  return options.format === 'jpeg' ? image.jpeg({ quality: 92 }).toBuffer() : image.png().toBuffer();
}
