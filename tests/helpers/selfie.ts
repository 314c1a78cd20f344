import sharp from 'sharp';

/**
 * A drawn face (shapes only, no real person) as the customer's selfie, with the fine detail a
 * camera picture has (hair-thin lines), so the quality check calls it sharp. PNG, 640 × 800 px.
 */
export async function drawnSelfiePng(): Promise<Buffer> {
  const lines = Array.from(
    { length: 160 },
    (_, i) => `<line x1="0" y1="${i * 5}" x2="640" y2="${i * 5 + 40}" stroke="#8a939c" stroke-width="1"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="800"><rect width="100%" height="100%" fill="#d9dee3"/>${lines}<ellipse cx="320" cy="360" rx="170" ry="220" fill="#c89f7f"/><circle cx="255" cy="320" r="22" fill="#3b2a20"/><circle cx="385" cy="320" r="22" fill="#3b2a20"/><path d="M250 470 Q320 520 390 470" stroke="#7a3b2e" stroke-width="12" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
