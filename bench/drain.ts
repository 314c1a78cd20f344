/**
 * drain_ratio and drain_peak_rss_mb: 500 queued cases of four provider calls each (authenticate,
 * two uploads, approve) drained at concurrency 16 against the loopback recording provider with 50 ms
 * per call, running in its own process. Ratio = elapsed / (500 x 4 x 50 ms / 16); peak RSS is this
 * process's resident memory sampled during the drain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, lineFrom, spawnTs } from '../tests/helpers/child-process';
import { recordingFlow } from '../tests/helpers/recording-flow';
import { openQueue, registry, waitFor } from '../tests/helpers/queue';
import { specimenCapture } from '../tests/helpers/specimen';
import { type Benchmark, round } from './types';

const CASES = 500;
const CALLS = 4;
const LATENCY_MS = 50;
const CONCURRENCY = 16;

export const drainBenchmark: Benchmark = {
  name: 'drain',
  async run() {
    const server = spawnTs(join(__dirname, 'provider-process.ts'), { LATENCY_MS: String(LATENCY_MS) });
    const url = (await lineFrom(server, 'url ')).slice(4).trim();
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-drain-'));
    try {
      const { queue } = openQueue(dir, registry(recordingFlow(url)), {
        settings: {
          relay: { concurrency: CONCURRENCY, stepTimeoutMs: 10_000, leaseMs: 20_000, idlePollMs: 1_000 },
        },
      });
      for (let i = 0; i < CASES; i++) await queue.cases.capture(specimenCapture(100_000));
      global.gc?.();
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const started = performance.now();
      queue.start();
      await waitFor(() => queue.cases.totals().byState.completed === CASES, 'drain', 300_000);
      const elapsed = performance.now() - started;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      await queue.close();
      const minimum = (CASES * CALLS * LATENCY_MS) / CONCURRENCY;
      return [
        {
          name: 'drain_ratio',
          value: round(elapsed / minimum),
          unit: 'x',
          target: '<= 1.25',
          detail: {
            elapsedMs: Math.round(elapsed),
            theoreticalMs: minimum,
            cases: CASES,
            concurrency: CONCURRENCY,
          },
        },
        { name: 'drain_peak_rss_mb', value: round(peak / 1048576, 1), unit: 'MB', target: '< 300' },
      ];
    } finally {
      server.kill('SIGTERM');
      await exited(server);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
