/**
 * One integration test's real cores, each in a fresh temporary data folder, and their teardown:
 * after every test the cores still open are closed, then the folders are removed (vitest runs
 * afterEach hooks in reverse order of registration, so the core lets go of its SQLite file and log
 * before its folder goes).
 */
import { afterEach } from 'vitest';
import { startCore, type CoreOptions, type KioskCore } from '../../src/main/core';
import { testCore } from './core';
import { useTempDirs } from './temp-dir';

/** What `useTestCore()` gives a test file; see each member. */
export interface TestCores {
  /** A fresh folder for this test, removed after it (after its cores are closed). */
  tempDir: () => string;
  /**
   * A real core (config, settings, logger on disk; `testCore` of tests/helpers/core.ts) in `dir`,
   * a fresh folder by default, with `env` as its environment; closed after the test.
   */
  start: (dir?: string, env?: NodeJS.ProcessEnv) => KioskCore;
  /**
   * A core with options of the test's own (an injected clock `now`), in a fresh folder unless
   * `dataDir` names one; closed after the test.
   */
  startWith: (options: Partial<CoreOptions>) => KioskCore;
  /** Closes this test's open cores now (a restart, or files read after a clean close). */
  close: () => Promise<void>;
}

/**
 * Registers the teardown for the calling test file (call it once, at the top level) and returns
 * the way to start cores. Errors: whatever `startCore` throws (an invalid configuration) reaches
 * the test unchanged; nothing is tracked for a core that did not start.
 */
export function useTestCore(): TestCores {
  const tempDir = useTempDirs();
  const open: KioskCore[] = [];
  const close = async (): Promise<void> => {
    for (const core of open.splice(0)) await core.close();
  };
  afterEach(close);
  const track = (core: KioskCore): KioskCore => {
    open.push(core);
    return core;
  };
  return {
    tempDir,
    start: (dir = tempDir(), env = {}) => track(testCore(dir, env)),
    startWith: (options) =>
      track(
        startCore({
          host: 'harness',
          name: 'Test Kiosk',
          version: '0.0.0-test',
          env: {},
          ...options,
          dataDir: options.dataDir ?? tempDir(),
        }),
      ),
    close,
  };
}
