import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writePrivateSaneConfig } from '../../src/main/devices/sane/sane-config-dir';
import { createLogger, memorySink } from '../../src/main/logging/logger';

/**
 * These suites need the real binaries; CI installs them (.ci/run). A missing one fails loudly with
 * what to install instead of skipping silently.
 */
export function requireScanimage(): void {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'scanimage is missing: install the Debian packages sane-utils, libsane1 and sane-airscan',
    );
  }
}

export function requireAirscan(): void {
  requireScanimage();
  const found = ['/usr/lib/x86_64-linux-gnu/sane', '/usr/lib/aarch64-linux-gnu/sane', '/usr/lib/sane'].some(
    (dir) => {
      try {
        execFileSync('test', ['-e', join(dir, 'libsane-airscan.so.1')]);
        return true;
      } catch {
        return false;
      }
    },
  );
  if (!found) throw new Error('sane-airscan is missing: install the Debian package sane-airscan');
}

/** A private SANE configuration with only the test backend: listing takes milliseconds. */
export function testBackendConfig(dir: string): string {
  return writePrivateSaneConfig(join(dir, 'sane'), { backends: ['test'] });
}

export function quietLogger() {
  const sink = memorySink();
  return { log: createLogger(sink, 'debug'), lines: sink.lines };
}
