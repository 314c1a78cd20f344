/**
 * Runs the real `scanimage` with an argument array (never a shell string: device names and
 * options come from configuration and from the devices themselves). The child is killed when the
 * signal aborts; output is capped so a misbehaving backend cannot fill memory.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../../ipc/errors';
import { abortError } from '../abort';

export interface ScanimageOptions {
  /** Path of the binary; 'scanimage' looks it up on PATH. */
  binary: string;
  /** Extra environment, e.g. SANE_CONFIG_DIR for a private, fast configuration. */
  env?: Record<string, string>;
  cwd?: string;
  signal: AbortSignal;
  maxStdoutBytes?: number;
  /**
   * What scanimage prints once it has said all it will say (batch mode: `Batch terminated, N pages
   * scanned`). After that, only the backend's teardown (sane_cancel, sane_close, sane_exit) is left;
   * if the process is still there `teardownGraceMs` later it is stuck there and is killed, and the
   * result is judged by what it printed.
   */
  finishedPattern?: RegExp;
  /** Default 3000 ms: a teardown takes milliseconds; a stuck one never ends. */
  teardownGraceMs?: number;
  /** Everything scanimage has printed on stderr so far, after each chunk (batch progress). */
  onStderr?: (stderr: string) => void;
}

export interface ScanimageResult {
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
  /** The process had printed its end and was killed while stuck in the backend's teardown. */
  stuckInTeardown: boolean;
}

const MAX_STDERR = 64 * 1024;

export function runScanimage(args: readonly string[], options: ScanimageOptions): Promise<ScanimageResult> {
  const maxStdout = options.maxStdoutBytes ?? 200 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return reject(abortError(options.signal));
    const child = spawn(options.binary, args, {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: AppError | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdout) {
        failure = new AppError('image_too_large', 'The scanner sent more data than any card scan needs');
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
      options.onStderr?.(stderr);
    });
    let killTimer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let stuckInTeardown = false;
    const finished = options.finishedPattern;
    if (finished) {
      child.stderr.on('data', () => {
        if (graceTimer || !finished.test(stderr)) return;
        // Measured with SANE's test backend (libsane 1.2.1): about 1 run in 600 prints its whole
        // verdict, then never returns from the reader thread's cancel. Without this the scan would
        // wait for the whole scan timeout and report a timeout instead of what the device said.
        graceTimer = setTimeout(() => {
          stuckInTeardown = true;
          child.kill('SIGKILL');
        }, options.teardownGraceMs ?? 3000);
      });
    }
    const onAbort = (): void => {
      failure = abortError(options.signal);
      // SIGTERM lets scanimage cancel the scan and release the device; insist if it does not exit.
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(
        error.code === 'ENOENT'
          ? new AppError('scanner_not_found', `${options.binary} is not installed (install sane-utils)`)
          : new AppError('scanner_failed', `Could not start ${options.binary}: ${error.message}`),
      );
    });
    child.on('close', (exitCode) => {
      options.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (graceTimer) clearTimeout(graceTimer);
      if (failure) return reject(failure);
      resolve({ exitCode, stdout: Buffer.concat(chunks), stderr, stuckInTeardown });
    });
  });
}
