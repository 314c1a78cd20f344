import { startCore, type KioskCore } from '../../src/main/core';

/** A real core (config, settings, logger on disk) in a temporary data folder. */
export function testCore(dataDir: string, env: NodeJS.ProcessEnv = {}): KioskCore {
  return startCore({ dataDir, host: 'harness', name: 'Test Kiosk', version: '0.0.0-test', env });
}
