/**
 * drain_ratio and drain_peak_rss_mb: DRAIN_CASES (2,000) queued cases, each with two images of
 * DRAIN_IMAGE_BYTES (1 MB), of four provider calls each (authenticate, two uploads, approve),
 * drained at the relay's default concurrency against the loopback recording provider with 50 ms per
 * call. Each drain runs in its own process with --expose-gc (drain-process.ts), the provider in
 * another. Ratio = elapsed / (cases x 4 x 50 ms / concurrency); peak RSS is the drain process's
 * peak resident memory during the drain (the kernel's VmHWM, reset before it; drain-process.ts). The drain process's CPU time and the machine's load
 * average are reported beside the ratio: on a shared machine the wall clock is only fair read with them.
 */
import { readFileSync } from 'node:fs';
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
  /** Per case, from its session to its last outcome (three calls: 150 ms at the floor), ms. */
  caseMsMean: number;
  caseMsP95: number;
}

function spawnNode(file: string, env: Record<string, string>, flags: string[] = []) {
  return spawn(process.execPath, [...flags, '--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat (Linux; fields 14
 * and 15 in clock ticks, 100 per second here): the provider process's share is read before and after
 * the drain, since it runs on the same cores as the kiosk. NaN where /proc is not there.
 */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function drainInItsOwnProcess(url: string): Promise<Drained> {
  const child = spawnNode(
    join(__dirname, 'drain-process.ts'),
    // DRAIN_CPU_PROF=<dir> (passed on in the environment): the drain process writes a V8 CPU profile
    // of the drain alone there (where its time goes; see drain-process.ts).
    { DRAIN_PROVIDER: url, DRAIN_CASES: String(CASES), DRAIN_IMAGE_BYTES: String(IMAGE_BYTES) },
    ['--expose-gc'],
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
      // Includes the provider's work while the cases are queued (pings only: nothing is sent then).
      const providerCpuBefore = processCpuMs(server.pid);
      const run = await drainInItsOwnProcess(url);
      const providerCpuMs = processCpuMs(server.pid) - providerCpuBefore;
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
            // The recording provider's CPU (its own process, on the same two cores): when kiosk +
            // provider CPU per case approaches 2 cores x the floor's time per case, neither can keep up.
            providerCpuMsPerCase: round(providerCpuMs / CASES, 2),
            elapsedMsPerCase: round(run.elapsedMs / CASES, 2),
            // One case from its session to its approval (three calls: 150 ms at the floor).
            caseMsMean: round(run.caseMsMean, 1),
            caseMsP95: round(run.caseMsP95, 1),
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
