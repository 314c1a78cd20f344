/**
 * `npm run bench`: runs every benchmark (or those named on the command line), prints one
 * `name value unit` line per figure and writes them all to bench/results.json. To add one, write a
 * module exporting a Benchmark and list it below. Benchmarks measure; they never assert.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditBenchmark } from './audit';
import { captureBenchmark } from './capture';
import { commitBenchmark } from './commit';
import { drainBenchmark } from './drain';
import { imagingBenchmark } from './imaging';
import { listingBenchmark } from './listing';
import { scrollBenchmark } from './scroll';
import { startupBenchmark, startupFilesBenchmark } from './startup';
import type { Benchmark, Figure } from './types';

const BENCHMARKS: readonly Benchmark[] = [
  commitBenchmark,
  drainBenchmark,
  imagingBenchmark,
  captureBenchmark,
  listingBenchmark,
  startupBenchmark,
  startupFilesBenchmark,
  scrollBenchmark,
  auditBenchmark,
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const figures: (Figure & { benchmark: string })[] = [];
  for (const benchmark of BENCHMARKS) {
    if (only.length > 0 && !only.includes(benchmark.name)) continue;
    for (const figure of await benchmark.run()) {
      figures.push({ benchmark: benchmark.name, ...figure });
      const target = figure.target ? `  (target ${figure.target})` : '';
      process.stdout.write(`${figure.name} ${figure.value} ${figure.unit}${target}\n`);
    }
  }
  writeFileSync(
    join(__dirname, 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`,
  );
}

void main();
