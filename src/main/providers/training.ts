/**
 * Training mode, the embedded default: with no provider configured the kiosk starts the three
 * simulators on loopback and uses them through exactly the connectors a bank uses; only the base
 * URLs and credentials below differ from a production configuration.
 */
import type { Logger } from '../logging/logger';
import {
  ARGOS_TRAINING_PROJECT,
  createArgosSimulator,
  type ArgosSimulator,
  type ArgosSimulatorOptions,
} from '../../simulators/argos';
import {
  createJumioSimulator,
  JUMIO_TRAINING_CLIENT,
  type JumioSimulator,
  type JumioSimulatorOptions,
} from '../../simulators/jumio';
import {
  createLuminSimulator,
  LUMIN_TRAINING_TENANT,
  type LuminSimulator,
  type LuminSimulatorOptions,
} from '../../simulators/lumin';
import { ADMIN_TOKEN_HEADER } from '../../simulators/common/guard';
import { providersConfigSchema, type ProvidersConfig } from './config';

export interface TrainingProviders {
  config: ProvidersConfig;
  simulators: { lumin: LuminSimulator; argos: ArgosSimulator; jumio: JumioSimulator };
  /** ARGOS submissions are created by the customer's online flow; training has a few ready. */
  trainingSubmissions: string[];
  /**
   * "Reset training data": each simulator's state back to how it started, through its guarded
   * admin endpoint (POST /__sim/reset with this run's token). Resolves to the vendors reset;
   * rejects when one cannot be reached (e.g. stopped to rehearse an outage).
   */
  reset(): Promise<SimulatorName[]>;
  close(): Promise<void>;
}

export type SimulatorName = 'lumin' | 'argos' | 'jumio';

export interface TrainingOptions {
  log?: Logger;
  lumin?: LuminSimulatorOptions;
  argos?: ArgosSimulatorOptions;
  jumio?: JumioSimulatorOptions;
  /** Fixed ports (e.g. `npm run simulators -- --port 7100`); default any free port. */
  ports?: { lumin?: number; argos?: number; jumio?: number };
  /** Jumio's status reads after finalize, seconds apart (kiosk config `training`); default Jumio's. */
  jumioStatusPollGapsSeconds?: readonly number[];
}

export function trainingProvidersConfig(
  urls: {
    lumin: string;
    argos: string;
    jumio: string;
  },
  jumioStatusPollGapsSeconds?: readonly number[],
): ProvidersConfig {
  return providersConfigSchema.parse({
    lumin: {
      baseUrl: `${urls.lumin}/Onboarding/`,
      updateBaseUrl: `${urls.lumin}/`,
      tenantId: LUMIN_TRAINING_TENANT.tenantId,
      tenantSecret: LUMIN_TRAINING_TENANT.tenantSecret,
    },
    argos: {
      baseUrl: `${urls.argos}/v3/`,
      apiKey: ARGOS_TRAINING_PROJECT.apiKey,
      admin: ARGOS_TRAINING_PROJECT.admins[0],
    },
    jumio: {
      urls: { auth: urls.jumio, account: urls.jumio, api: urls.jumio, retrieval: urls.jumio },
      start: {
        mode: 'direct',
        clientId: JUMIO_TRAINING_CLIENT.clientId,
        clientSecret: JUMIO_TRAINING_CLIENT.clientSecret,
      },
      ...(jumioStatusPollGapsSeconds ? { statusPollGapsSeconds: [...jumioStatusPollGapsSeconds] } : {}),
    },
  });
}

export async function startTrainingProviders(options: TrainingOptions = {}): Promise<TrainingProviders> {
  const lumin = createLuminSimulator(options.lumin);
  const trainingSubmissions = [1, 2, 3].map((n) => `training-submission-${n}`);
  const argos = createArgosSimulator({ seedSubmissions: trainingSubmissions, ...options.argos });
  const jumio = createJumioSimulator(options.jumio);
  const simulators = { lumin, argos, jumio };
  const close = async (): Promise<void> => {
    await Promise.all([lumin.close(), argos.close(), jumio.close()]);
  };
  try {
    await Promise.all([
      lumin.listen(options.ports?.lumin),
      argos.listen(options.ports?.argos),
      jumio.listen(options.ports?.jumio),
    ]);
  } catch (error) {
    await close();
    throw error;
  }
  const reset = async (): Promise<SimulatorName[]> => {
    const names: SimulatorName[] = ['lumin', 'argos', 'jumio'];
    await Promise.all(
      names.map(async (name) => {
        const { server } = simulators[name];
        const response = await fetch(`${server.url}/__sim/reset`, {
          method: 'POST',
          headers: { [ADMIN_TOKEN_HEADER]: server.adminToken, 'content-type': 'application/json' },
          body: '{}',
        });
        if (!response.ok) throw new Error(`${name} simulator refused the reset: HTTP ${response.status}`);
      }),
    );
    options.log?.info('training.reset', { simulators: names });
    return names;
  };
  options.log?.info('training.providers_started', { lumin: lumin.url, argos: argos.url, jumio: jumio.url });
  return {
    config: trainingProvidersConfig(
      { lumin: lumin.url, argos: argos.url, jumio: jumio.url },
      options.jumioStatusPollGapsSeconds,
    ),
    simulators,
    trainingSubmissions,
    reset,
    close,
  };
}
