/** The capture figures (bench/capture.bench.ts) for the common runner, in a child process. */
import { join } from 'node:path';
import { exited, lineFrom, spawnTs } from '../tests/helpers/child-process';
import type { Benchmark, Figure } from './types';

export const captureBenchmark: Benchmark = {
  name: 'capture',
  async run() {
    const child = spawnTs(join(__dirname, 'capture.bench.ts'), { BENCH_JSON: '1' });
    try {
      // The capture set is ~70 pictures of up to 4 MP, generated and judged one by one, after the
      // speed part's up to 200 paired rounds per input (a few minutes on a busy machine).
      const line = await lineFrom(child, 'figures ', 1_800_000);
      return JSON.parse(line.slice('figures '.length)) as Figure[];
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited(child);
    }
  },
};
