import { startCore, type KioskCore } from '../../src/main/core';
import { TRAINING_PIN } from '../../src/main/security/security-service';

/** A real core (config, settings, logger on disk) in a temporary data folder. */
export function testCore(dataDir: string, env: NodeJS.ProcessEnv = {}): KioskCore {
  return startCore({ dataDir, host: 'harness', name: 'Test Kiosk', version: '0.0.0-test', env });
}

/**
 * Signs a training operator in through the dispatcher, as the sign-in screen does (training mode:
 * `training-teller`, `training-supervisor`, `training-admin`, PIN TRAINING_PIN).
 */
export async function signIn(core: KioskCore, operatorId = 'training-supervisor'): Promise<void> {
  await core.security.ready;
  const result = await core.dispatch(
    'auth.signIn',
    { operatorId, secret: TRAINING_PIN },
    { transport: 'test' },
  );
  if (!result.ok) throw new Error(`sign-in of ${operatorId} failed: ${result.error.code}`);
}
