// Starts and stops the real browser harness (`src/harness/main.mts`) as a child process. Used by the
// end-to-end fixture and by the scrolling benchmark (bench/scroll.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RunningHarness {
  url: string;
  dataDir: string;
  process: ChildProcess;
}

export async function launchHarness(dataDir: string): Promise<RunningHarness> {
  const child = spawn(
    join(process.cwd(), 'node_modules/.bin/tsx'),
    ['src/harness/main.mts', '--port', '0', '--data-dir', dataDir, '--quiet', '--fast-retry'],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KIOSK_CONFIG: '' } },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`harness did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited with ${code}:\n${output}`));
    });
  });
  return { url, dataDir, process: child };
}

export async function stopHarness(harness: RunningHarness): Promise<void> {
  if (harness.process.exitCode !== null) return;
  const exited = new Promise((resolve) => harness.process.once('exit', resolve));
  harness.process.kill('SIGTERM');
  // The harness must stop by itself on SIGTERM; if it does not, fail loudly rather than hang.
  const timer = setTimeout(() => harness.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  if (harness.process.signalCode === 'SIGKILL') throw new Error('harness ignored SIGTERM for 10 s');
}
