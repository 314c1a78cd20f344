/** Spawning a TypeScript helper as a real child process with the same Node that runs the tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export function spawnTs(file: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line that starts with `prefix`; rejects if the child exits first. */
export function lineFrom(child: ChildProcess, prefix: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let errors = '';
    const timer = setTimeout(
      () => reject(new Error(`No "${prefix}" line within ${timeoutMs} ms: ${errors}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((candidate) => candidate.startsWith(prefix));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Child exited (${code}) before "${prefix}": ${errors}`));
    });
  });
}

export async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}
