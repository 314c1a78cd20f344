/**
 * Imaging pipeline benchmark: normalise + quality + encode of a ~2500 x 1600 scan (a card on a
 * scanner's glass at 635 dpi, tilted so deskew runs too). Prints `name value unit` lines.
 * Run: npx tsx bench/imaging.bench.ts
 */
import sharp from 'sharp';
import { processImage } from '../src/main/imaging/pipeline';
import type { EncodeTarget } from '../src/main/imaging/provider-limits';
import { renderSyntheticCard } from '../src/main/imaging/synthetic-card';

const ROUNDS = 8;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function bench(name: string, scan: Buffer, target: EncodeTarget): Promise<void> {
  await processImage(scan, { origin: 'scanner', target }); // warm-up: libvips caches, JIT
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await processImage(scan, { origin: 'scanner', target });
    times.push(performance.now() - started);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`imaging_${name}_mean ${mean.toFixed(1)} ms`);
  console.log(`imaging_${name}_p95 ${percentile(times, 0.95).toFixed(1)} ms`);
}

/** For the common runner (bench/run.ts) to call; prints its own lines. */
export async function runImagingBench(): Promise<void> {
  const straight = await renderSyntheticCard({ dpi: 635, areaMm: { width: 100, height: 64 } });
  const tilted = await renderSyntheticCard({
    dpi: 635,
    areaMm: { width: 100, height: 64 },
    rotateDegrees: 4,
  });
  const meta = await sharp(straight).metadata();
  console.log(`imaging_input_width ${meta.width} px`);
  console.log(`imaging_input_height ${meta.height} px`);
  const rssBefore = process.memoryUsage().rss;
  await bench('scan_2500x1600_archive', straight, 'archive');
  await bench('scan_2500x1600_argos', straight, 'argos');
  await bench('scan_2500x1600_tilted_jumio', tilted, 'jumio');
  console.log(`imaging_rss_before ${(rssBefore / 1048576).toFixed(0)} MB`);
  // maxRSS is in kilobytes: the peak over the whole run, sharp's native buffers included.
  console.log(`imaging_peak_rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

if (process.argv[1]?.endsWith('imaging.bench.ts')) {
  runImagingBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
