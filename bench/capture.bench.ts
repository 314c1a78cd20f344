/**
 * Issue 11's figures in one child process: the three capture ratios against bare sharp
 * (capture-speed.bench.ts) and verdict accuracy, corner error and ms per image on the project's
 * capture set (capture-set.bench.ts). Standalone: npx tsx bench/capture.bench.ts
 */
import { captureSetFigures } from './capture-set.bench';
import { captureSpeedFigures } from './capture-speed.bench';

async function main(): Promise<void> {
  const figures = [...(await captureSpeedFigures()), ...(await captureSetFigures()).figures];
  if (process.env.BENCH_JSON === '1') {
    process.stdout.write(`figures ${JSON.stringify(figures)}\n`);
    return;
  }
  for (const f of figures) process.stdout.write(`${f.name} ${f.value} ${f.unit}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
