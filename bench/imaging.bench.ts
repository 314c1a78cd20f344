/**
 * Imaging pipeline benchmark: normalise + quality + encode of a ~2500 x 1600 scan (a card on a
 * scanner's glass at 635 dpi; the tilted one makes deskew run too), per encode target, a passport
 * page scanned lying on its side on a 600 dpi A6 area (2480 x 3508: the cut decodes it to ~26 MB of
 * raw pixels before turning it, cut.ts quarterTurned, so the peak below covers that path), and the
 * process's peak RSS. `npm run bench` runs it in a child process (bench/imaging.ts) so the peak RSS
 * is the pipeline's own, not the other benchmarks'. Standalone: npx tsx bench/imaging.bench.ts
 */
import sharp from 'sharp';
import { processImage } from '../src/main/imaging/pipeline';
import type { EncodeTarget } from '../src/main/imaging/provider-limits';
import { renderSyntheticCard } from '../src/main/imaging/synthetic-card';
import type { DocumentKind } from '../src/shared/domain/documents';
import { benchInputs } from './capture-speed.bench';
import { type Figure, median, round } from './types';

const ROUNDS = 8;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function timeOne(
  name: string,
  scan: Buffer,
  target: EncodeTarget,
  size: string,
  kind: DocumentKind = 'id1_card',
): Promise<Figure> {
  await processImage(scan, { origin: 'scanner', target, kind }); // warm-up: libvips caches, JIT
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await processImage(scan, { origin: 'scanner', target, kind });
    times.push(performance.now() - started);
  }
  return {
    name,
    value: round(median(times), 1),
    unit: 'ms',
    detail: {
      input: size,
      target,
      rounds: ROUNDS,
      meanMs: round(times.reduce((a, b) => a + b, 0) / times.length, 1),
      p95Ms: round(percentile(times, 0.95), 1),
    },
  };
}

/** The imaging figures: median ms per image for each target, then the peak RSS. */
export async function imagingFigures(): Promise<Figure[]> {
  const card = { dpi: 635, areaMm: { width: 100, height: 64 } };
  const straight = await renderSyntheticCard(card);
  const tilted = await renderSyntheticCard({ ...card, rotateDegrees: 4 });
  const meta = await sharp(straight).metadata();
  const size = `${meta.width}x${meta.height}`;
  const [a6] = await benchInputs('a6_scan_600dpi');
  if (!a6) throw new Error('the capture bench has no a6_scan_600dpi input');
  const rssBefore = process.memoryUsage().rss;
  const figures = [
    await timeOne('imaging_ms_per_image', straight, 'archive', size),
    await timeOne('imaging_ms_per_image_argos', straight, 'argos', size),
    await timeOne('imaging_ms_per_image_tilted_jumio', tilted, 'jumio', `${size} tilted 4 degrees`),
    await timeOne(
      'imaging_ms_per_image_a6_quarter_turned',
      a6.bytes,
      'archive',
      '2480x3508 turned 90 degrees',
      a6.kind,
    ),
  ];
  // maxRSS is in kilobytes: the peak over the whole run, sharp's native buffers included.
  figures.push({
    name: 'imaging_peak_rss_mb',
    value: round(process.resourceUsage().maxRSS / 1024, 1),
    unit: 'MB',
    detail: { rssBeforeMb: round(rssBefore / 1048576, 1) },
  });
  return figures;
}

if (process.argv[1]?.endsWith('imaging.bench.ts')) {
  imagingFigures()
    .then((figures) => {
      if (process.argv.includes('--json') || process.env.BENCH_JSON === '1') {
        process.stdout.write(`figures ${JSON.stringify(figures)}\n`);
        return;
      }
      for (const figure of figures) process.stdout.write(`${figure.name} ${figure.value} ${figure.unit}\n`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
