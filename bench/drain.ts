/**
 * drain_ratio and drain_peak_rss_mb: 500 queued cases of four provider calls each (authenticate,
 * two uploads, approve) drained at concurrency 16 against the loopback recording provider with 50 ms
 * per call, running in its own process. Ratio = elapsed / (500 x 4 x 50 ms / 16), the median of
 * three drains after a short warm-up drain (JIT, keep-alive connections to the provider); peak RSS
 * is this process's resident memory sampled during the drains, the highest of the three.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, lineFrom, spawnTs } from '../tests/helpers/child-process';
import { recordingFlow } from '../tests/helpers/recording-flow';
import { openQueue, registry, waitFor } from '../tests/helpers/queue';
import { specimenCapture } from '../tests/helpers/specimen';
import { type Benchmark, median, round } from './types';

const CASES = 500;
const WARM_UP_CASES = 48;
const RUNS = 3;
const CALLS = 4;
const LATENCY_MS = 50;
const CONCURRENCY = 16;

interface Drained {
  elapsedMs: number;
  peakRss: number;
  commits: number;
  writes: number;
}

async function drainOnce(url: string, cases: number): Promise<Drained> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-drain-'));
  try {
    const { queue } = openQueue(dir, registry(recordingFlow(url)), {
      settings: {
        relay: { concurrency: CONCURRENCY, stepTimeoutMs: 10_000, leaseMs: 20_000, idlePollMs: 1_000 },
      },
    });
    for (let i = 0; i < cases; i++) await queue.cases.capture(specimenCapture(100_000));
    global.gc?.();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    // A cheap poll (one GROUP BY on cases): the full totals() would cost the drain itself time.
    const completed = (): number => queue.store?.cases.totals().get('completed') ?? 0;
    const started = performance.now();
    queue.start();
    await waitFor(() => completed() === cases, 'drain', 300_000);
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const stats = { ...(queue.relay?.commitStats ?? { commits: 0, writes: 0 }) };
    await queue.close();
    return { elapsedMs, peakRss: peak, ...stats };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const drainBenchmark: Benchmark = {
  name: 'drain',
  async run() {
    const server = spawnTs(join(__dirname, 'provider-process.ts'), { LATENCY_MS: String(LATENCY_MS) });
    try {
      const url = (await lineFrom(server, 'url ')).slice(4).trim();
      await drainOnce(url, WARM_UP_CASES);
      const runs: Drained[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await drainOnce(url, CASES));
      const minimum = (CASES * CALLS * LATENCY_MS) / CONCURRENCY;
      const elapsed = median(runs.map((run) => run.elapsedMs));
      const typical = runs.find((run) => run.elapsedMs === elapsed) ?? runs[0]!;
      return [
        {
          name: 'drain_ratio',
          value: round(elapsed / minimum),
          unit: 'x',
          target: '<= 1.25',
          detail: {
            elapsedMs: Math.round(elapsed),
            elapsedMsOfEachRun: runs.map((run) => Math.round(run.elapsedMs)).join(' '),
            theoreticalMs: minimum,
            cases: CASES,
            concurrency: CONCURRENCY,
            relayCommitsPerCase: round(typical.commits / CASES, 2),
            relayWritesPerCase: round(typical.writes / CASES, 2),
          },
        },
        {
          name: 'drain_peak_rss_mb',
          value: round(Math.max(...runs.map((run) => run.peakRss)) / 1048576, 1),
          unit: 'MB',
          target: '< 300',
        },
      ];
    } finally {
      server.kill('SIGTERM');
      await exited(server);
    }
  },
};
