/** Spawning a TypeScript helper as a real child process with the same Node that runs the tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { basename, join } from 'node:path';

export function spawnTs(file: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line that starts with `prefix`; rejects if the child exits first. */
export function lineFrom(child: ChildProcess, prefix: string, timeoutMs = 60_000): Promise<string> {
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

/**
 * Runs a TypeScript helper to its end in a child with `flags` (e.g. `--expose-gc`, for a test of
 * what a garbage collection does mid-call) and gives back its exit code, stdout and stderr.
 */
export async function runTsChild(
  file: string,
  flags: readonly string[] = [],
): Promise<{ code: number | null; out: string; errors: string }> {
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  // 'close', not 'exit': a child's last output can still be in its pipes when it has exited.
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, out, errors };
}

export async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

/**
 * Bundles a TypeScript helper into one ES module under node_modules/.cache (packages stay external,
 * resolved from the repository's node_modules), so a test that starts it hundreds of times pays
 * for loading one file instead of transforming and resolving every source file each time.
 * Returns the bundle's path, for spawnJs.
 */
export async function bundleHelper(file: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(
    import.meta.dirname,
    '../../node_modules/.cache/kiosk-tests',
    `${basename(file, '.ts')}.mjs`,
  );
  await build({
    entryPoints: [file],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** Starts a JavaScript file (e.g. a bundleHelper output) with the Node that runs the tests. */
export function spawnJs(file: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
