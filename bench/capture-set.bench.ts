/**
 * Verdict accuracy on the project's capture set (tests/helpers/capture-set.ts): share of cases whose
 * verdict is the expected one, mean corner error of the found documents, and ms per image.
 * Passport pages are processed with their MRZ read, as the kiosk does.
 * Standalone (prints every miss): npx tsx bench/capture-set.bench.ts
 */
import { createMrzReader } from '../src/main/imaging/mrz-reader';
import { processImage, type MrzReader } from '../src/main/imaging/pipeline';
import { distance, type Quad } from '../src/main/imaging/geometry';
import { buildCaptureSet, type CaptureCase } from '../tests/helpers/capture-set';
import { type Figure, median, round } from './types';

/** Mean distance between found and true corners, the best of the four cyclic orders (a card's 180° is not known). */
export function cornerError(found: Quad, truth: Quad): number {
  let best = Infinity;
  for (let shift = 0; shift < 4; shift++) {
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += distance(found[(i + shift) % 4]!, truth[i]!);
    best = Math.min(best, sum / 4);
  }
  return best;
}

export interface CaseResult {
  name: string;
  expected: string;
  got: string;
  issues: string;
  right: boolean;
  cornerErrorPct: number | null;
  ms: number;
  /** The output image's size (px): the document cut out, or the whole picture. */
  size: { width: number; height: number };
}

export async function runCase(c: CaptureCase, readMrz?: MrzReader): Promise<CaseResult> {
  const started = performance.now();
  const result = await processImage(c.bytes, {
    origin: c.origin,
    kind: c.kind,
    ...(readMrz ? { readMrz } : {}),
  });
  const ms = performance.now() - started;
  const q = result.quality;
  const reasons = q.issues.filter((i) => i.reason !== 'mrz_unreadable' && i.reason !== 'expired');
  const verdict = reasons.some((i) => i.severity === 'retake') ? 'retake' : reasons.length ? 'warn' : 'ok';
  const reasonOk = !c.expected.reason || reasons.some((i) => i.reason === c.expected.reason);
  const found = q.figures.documentCorners as Quad | null | undefined;
  let cornerErrorPct: number | null = null;
  if (c.expected.corners && found) {
    const t = c.expected.corners;
    const diag = Math.hypot(t[2].x - t[0].x, t[2].y - t[0].y);
    cornerErrorPct = (100 * cornerError(found, t)) / diag;
  }
  const cornersOk = c.expected.corners ? cornerErrorPct !== null && cornerErrorPct < 3 : !found;
  return {
    name: c.name,
    expected: `${c.expected.verdict}${c.expected.reason ? `:${c.expected.reason}` : ''}`,
    got: verdict,
    issues: q.issues.map((i) => `${i.reason}:${i.severity}`).join(','),
    right: verdict === c.expected.verdict && reasonOk && cornersOk,
    cornerErrorPct,
    ms,
    size: { width: result.width, height: result.height },
  };
}

export async function captureSetFigures(): Promise<{ figures: Figure[]; results: CaseResult[] }> {
  const cases = await buildCaptureSet();
  const results: CaseResult[] = [];
  const reader = createMrzReader();
  let exactLines = 0;
  const mrzMs: number[] = [];
  // MRZ read rate: every passport of the set scanned or rendered at 300 dpi, lines read exactly.
  const passports = cases.filter((c) => c.mrz && c.origin === 'scanner');
  try {
    // As the kiosk processes them: a passport page with its MRZ read (which can choose the outline
    // the output is cut by: pipeline.ts), a card as the Lumin flows take the Egyptian national ID
    // (no TD1 zone looked for).
    for (const c of cases)
      results.push(await runCase(c, c.kind === 'passport_page' ? reader.read : undefined));
    for (const c of passports) {
      const started = performance.now();
      const result = await processImage(c.bytes, { origin: c.origin, kind: c.kind, readMrz: reader.read });
      mrzMs.push(performance.now() - started);
      const lines = result.quality.mrz?.lines ?? [];
      exactLines += c.mrz!.filter((line, i) => lines[i] === line).length;
    }
  } finally {
    await reader.close();
  }
  const right = results.filter((r) => r.right).length;
  const errors = results.map((r) => r.cornerErrorPct).filter((e): e is number => e !== null);
  return {
    results,
    figures: [
      {
        name: 'capture_set_mrz_exact_lines',
        value: round(exactLines / Math.max(1, passports.length * 2), 3),
        unit: 'share',
        target: '>= 0.95',
        detail: {
          passports: passports.length,
          lines: passports.length * 2,
          exactLines,
          medianMsWithOcr: round(median(mrzMs), 1),
        },
      },
      {
        name: 'capture_set_verdict_accuracy',
        value: round(right / results.length, 3),
        unit: 'share',
        target: '>= 0.95',
        detail: { cases: results.length, right },
      },
      {
        name: 'capture_set_mean_corner_error',
        value: round(errors.reduce((s, e) => s + e, 0) / Math.max(1, errors.length), 2),
        unit: '% of diagonal',
        detail: { documentsFound: errors.length },
      },
      {
        name: 'capture_set_ms_per_image',
        value: round(median(results.map((r) => r.ms)), 1),
        unit: 'ms',
        detail: { meanMs: round(results.reduce((s, r) => s + r.ms, 0) / results.length, 1) },
      },
    ],
  };
}

if (process.argv[1]?.endsWith('capture-set.bench.ts')) {
  captureSetFigures()
    .then(({ figures, results }) => {
      for (const r of results) {
        const err = r.cornerErrorPct === null ? '-' : r.cornerErrorPct.toFixed(2);
        process.stdout.write(
          `${r.right ? 'ok  ' : 'MISS'} ${r.name} | expected ${r.expected} got ${r.got} [${r.issues}] corners ${err}% ${r.ms.toFixed(0)} ms\n`,
        );
      }
      for (const f of figures) process.stdout.write(`${f.name} ${f.value} ${f.unit}\n`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
