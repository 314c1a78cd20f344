/**
 * The imaging figures for the common runner: bench/imaging.bench.ts in a child process of its own,
 * so its peak RSS is the pipeline's and the store benchmarks' memory does not count.
 */
import { join } from 'node:path';
import { exited, lineFrom, spawnTs } from '../tests/helpers/child-process';
import type { Benchmark, Figure } from './types';

export const imagingBenchmark: Benchmark = {
  name: 'imaging',
  async run() {
    const child = spawnTs(join(__dirname, 'imaging.bench.ts'), { BENCH_JSON: '1' });
    try {
      const line = await lineFrom(child, 'figures ', 180_000);
      return JSON.parse(line.slice('figures '.length)) as Figure[];
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited(child);
    }
  },
};
