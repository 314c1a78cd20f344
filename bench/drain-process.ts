/**
 * One drain, in a process of its own started with --expose-gc (so gc() before the drain really
 * collects and the peak RSS is the drain's own): DRAIN_CASES cases, each with two images of
 * DRAIN_IMAGE_BYTES, queued, then drained at the relay's default concurrency against the recording
 * provider at DRAIN_PROVIDER. Prints one `result {json}` line (elapsed and CPU ms, peak RSS bytes).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RELAY_OPTIONS } from '../src/main/sync/relay';
import { recordingFlow } from '../tests/helpers/recording-flow';
import { openQueue, registry, waitFor } from '../tests/helpers/queue';
import { specimenCapture } from '../tests/helpers/specimen';

const url = process.env.DRAIN_PROVIDER ?? '';
const cases = Number(process.env.DRAIN_CASES ?? 2_000);
const imageBytes = Number(process.env.DRAIN_IMAGE_BYTES ?? 1024 * 1024);
/** DRAIN_CPU_PROF=<dir>: a V8 CPU profile of the drain alone (not of queueing the cases) is written there. */
const profileDir = process.env.DRAIN_CPU_PROF;

/** Starts V8's sampling profiler; the returned function stops it and writes the .cpuprofile file. */
async function startProfile(dir: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `drain-${cases}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * Linux keeps the peak resident size itself (VmHWM in /proc/self/status, kB), and writing 5 to
 * /proc/self/clear_refs resets it to the current size (proc(5)): the drain's true peak, with no
 * sampling in the measured process. Sampling rss() each 20 ms cost 2 % of the drain's main thread
 * in its profile (counted against the relay). Returns false where /proc does not offer this.
 */
function resetPeakResident(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return peakResident() !== undefined;
  } catch {
    return false;
  }
}

/** VmHWM in bytes, or undefined. */
function peakResident(): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc');
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-drain-'));
  try {
    const { queue } = openQueue(dir, registry(recordingFlow(url)), {
      settings: {
        relay: {
          concurrency: DEFAULT_RELAY_OPTIONS.concurrency,
          stepTimeoutMs: 10_000,
          leaseMs: 20_000,
          idlePollMs: 1_000,
        },
      },
    });
    for (let i = 0; i < cases; i++) await queue.cases.capture(specimenCapture(imageBytes));
    gc();
    // The kernel's own peak where it offers one; else samples of memoryUsage.rss() (the resident
    // size only: the full memoryUsage() also walks the V8 heap and cost about 5 % of the drain's CPU).
    const kernelPeak = resetPeakResident();
    let peak = process.memoryUsage.rss();
    const sampler = kernelPeak
      ? undefined
      : setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    const completed = (): number => queue.store?.cases.totals().get('completed') ?? 0;
    const stopProfile = profileDir ? await startProfile(profileDir) : undefined;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    queue.start();
    await waitFor(() => completed() === cases, 'drain', 3_600_000);
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await stopProfile?.();
    // CPU time (user + system, ms) this process spent draining: on a loaded machine the wall clock
    // also counts time spent waiting for a core, the CPU time does not.
    const cpuMs = (cpu.user + cpu.system) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss(), (kernelPeak && peakResident()) || 0);
    const stats = { ...(queue.relay?.commitStats ?? { commits: 0, writes: 0, fullCommits: 0 }) };
    // Each case's time from its session (the 'authenticated' event, after the first call) to its last
    // event (approve's outcome): three calls, 150 ms at the floor. Mean and p95 over the cases.
    const spans = (
      queue
        .store!.db.prepare(
          `SELECT MAX(at) - MIN(CASE WHEN type = 'authenticated' THEN at END) AS ms
             FROM case_events GROUP BY case_id HAVING ms IS NOT NULL`,
        )
        .all() as { ms: number }[]
    )
      .map((row) => row.ms)
      .sort((a, b) => a - b);
    const caseMs = {
      caseMsMean: spans.reduce((sum, ms) => sum + ms, 0) / Math.max(spans.length, 1),
      caseMsP95: spans[Math.min(spans.length - 1, Math.floor(spans.length * 0.95))] ?? NaN,
    };
    await queue.close();
    process.stdout.write(
      `result ${JSON.stringify({ elapsedMs, peakRss: peak, cpuMs, concurrency: DEFAULT_RELAY_OPTIONS.concurrency, ...stats, ...caseMs })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
