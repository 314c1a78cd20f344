/**
 * commit_ratio: committing one capture (two ~1 MB images, sealed, plus its steps) in one
 * synchronous=FULL transaction, median over 60 runs, divided by the median time to write the same
 * image bytes to a plain file and fsync it. What the outbox's durability costs over the floor.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingFlow } from '../tests/helpers/recording-flow';
import { openQueue, registry } from '../tests/helpers/queue';
import { specimenCapture } from '../tests/helpers/specimen';
import { type Benchmark, median, round } from './types';

const RUNS = 60;
const IMAGE_BYTES = 1024 * 1024;

export const commitBenchmark: Benchmark = {
  name: 'commit',
  async run() {
    // Next to the project (a real disk), not a RAM-backed /tmp where fsync would cost nothing.
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-commit-'));
    try {
      const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
      const captures = Array.from({ length: RUNS + 5 }, () => specimenCapture(IMAGE_BYTES));
      const commit: number[] = [];
      const plain: number[] = [];
      for (const [index, capture] of captures.entries()) {
        const started = performance.now();
        await queue.cases.capture(capture);
        const elapsed = performance.now() - started;

        const bytes = capture.images.map((image) => image.bytes);
        const fileStarted = performance.now();
        const fd = openSync(join(dir, 'plain.bin'), 'w');
        for (const chunk of bytes) writeSync(fd, chunk);
        fsyncSync(fd);
        closeSync(fd);
        const fileElapsed = performance.now() - fileStarted;
        if (index >= 5) {
          // the first few warm up caches and the JIT
          commit.push(elapsed);
          plain.push(fileElapsed);
        }
      }
      await queue.close();
      const ratio = median(commit) / median(plain);
      return [
        {
          name: 'commit_ratio',
          value: round(ratio),
          unit: 'x',
          target: '<= 1.5',
          detail: { commitMedianMs: round(median(commit)), plainMedianMs: round(median(plain)), runs: RUNS },
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
