/**
 * drain_ratio and drain_peak_rss_mb: DRAIN_CASES (2,000) queued cases, each with two images of
 * DRAIN_IMAGE_BYTES (1 MB), of four provider calls each (authenticate, two uploads, approve),
 * drained at the relay's default concurrency against the loopback recording provider with 50 ms per
 * call. Each drain runs in its own process with --expose-gc (drain-process.ts), the provider in
 * another. Ratio = elapsed / (cases x 4 x 50 ms / concurrency); peak RSS is the drain process's
 * resident memory sampled during the drain. The drain process's CPU time and the machine's load
 * average are reported beside the ratio: on a shared machine the wall clock is only fair read with them.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { exited, lineFrom } from '../tests/helpers/child-process';
import { spawn } from 'node:child_process';
import { type Benchmark, round } from './types';

const CASES = Number(process.env.DRAIN_CASES ?? 2_000);
const IMAGE_BYTES = Number(process.env.DRAIN_IMAGE_BYTES ?? 1024 * 1024);
const CALLS = 4;
const LATENCY_MS = 50;

interface Drained {
  elapsedMs: number;
  peakRss: number;
  cpuMs: number;
  commits: number;
  writes: number;
  fullCommits: number;
  concurrency: number;
}

function spawnNode(file: string, env: Record<string, string>, flags: string[] = []) {
  return spawn(process.execPath, [...flags, '--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function drainInItsOwnProcess(url: string): Promise<Drained> {
  const child = spawnNode(
    join(__dirname, 'drain-process.ts'),
    { DRAIN_PROVIDER: url, DRAIN_CASES: String(CASES), DRAIN_IMAGE_BYTES: String(IMAGE_BYTES) },
    // DRAIN_CPU_PROF=<dir>: the drain process writes a V8 CPU profile there (where its time goes).
    [
      '--expose-gc',
      ...(process.env.DRAIN_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.DRAIN_CPU_PROF}`] : []),
    ],
  );
  const line = await lineFrom(child, 'result ', 3_600_000);
  await exited(child);
  return JSON.parse(line.slice('result '.length)) as Drained;
}

export const drainBenchmark: Benchmark = {
  name: 'drain',
  async run() {
    const server = spawnNode(join(__dirname, 'provider-process.ts'), { LATENCY_MS: String(LATENCY_MS) });
    try {
      const url = (await lineFrom(server, 'url ')).slice(4).trim();
      const loadBefore = loadavg()[0]!;
      const run = await drainInItsOwnProcess(url);
      const loadAfter = loadavg()[0]!;
      const minimum = (CASES * CALLS * LATENCY_MS) / run.concurrency;
      return [
        {
          name: 'drain_ratio',
          value: round(run.elapsedMs / minimum),
          unit: 'x',
          target: '<= 1.25',
          detail: {
            elapsedMs: Math.round(run.elapsedMs),
            theoreticalMs: minimum,
            cases: CASES,
            imageBytes: IMAGE_BYTES,
            concurrency: run.concurrency,
            // The drain process's own CPU time (user + system): the part of the elapsed time the
            // machine's load cannot inflate. cpuShareOfTheoretical near or above 1 means the drain is
            // CPU-bound and cannot reach the floor even on an idle core.
            cpuMs: Math.round(run.cpuMs),
            cpuMsPerCase: round(run.cpuMs / CASES, 2),
            cpuShareOfTheoretical: round(run.cpuMs / minimum),
            loadAverage1mBefore: round(loadBefore, 2),
            loadAverage1mAfter: round(loadAfter, 2),
            relayCommitsPerCase: round(run.commits / CASES, 2),
            relayWritesPerCase: round(run.writes / CASES, 2),
            // Commits that fsync the WAL (synchronous=FULL); the others are relaxed (store.ts Durability).
            relayFullCommitsPerCase: round(run.fullCommits / CASES, 2),
          },
        },
        {
          name: 'drain_peak_rss_mb',
          value: round(run.peakRss / 1048576, 1),
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
