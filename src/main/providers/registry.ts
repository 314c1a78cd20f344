/**
 * The registry the relay runs from: the FlowDefinitions of every configured provider. Switching a
 * vendor from training to production changes only the configuration it is built from.
 */
import type { FlowId, ProviderId } from '../../shared/domain/flows';
import type { Logger } from '../logging/logger';
import type { FlowDefinition, FlowRegistry } from '../sync/flow-types';
import { ArgosClient } from './argos/argos-client';
import { putImageFlow } from './argos/put-image-flow';
import { jumioUrls, type ProvidersConfig } from './config';
import { reachabilityProbe } from './http/reachability';
import type { ConnectorDeps } from './connector';
import { jumioCredentialsFlow } from './jumio/credentials-flow';
import { JumioClient } from './jumio/jumio-client';
import { ServerTokenCache } from './jumio/server-token';
import { kycNationalIdFlow } from './lumin/kyc-national-id-flow';
import { LuminClient } from './lumin/lumin-client';
import { updateNationalIdFlow } from './lumin/update-national-id-flow';
import { updatePassportFlow } from './lumin/update-passport-flow';
import { createSecretResolver, type Decryptor } from './secrets';

const USER_AGENT = 'BranchKycKiosk/0.1.0';

export interface RegistryOptions {
  log: Logger;
  /** Decrypts `{ encrypted }` secrets (Electron: safeStorage); absent means only plain ones work. */
  decrypt?: Decryptor;
  now?: () => number;
}

export function createFlowRegistry(config: ProvidersConfig, options: RegistryOptions): FlowRegistry {
  const deps: ConnectorDeps = {
    log: options.log.child({ component: 'providers' }),
    resolveSecret: createSecretResolver(options.decrypt),
    ...(options.now ? { now: options.now } : {}),
  };
  const flows: FlowDefinition[] = [];
  if (config.lumin) {
    const lumin = new LuminClient(config.lumin, deps);
    flows.push(
      kycNationalIdFlow(lumin, deps),
      updateNationalIdFlow(lumin, deps),
      updatePassportFlow(lumin, deps),
    );
  }
  if (config.argos) flows.push(putImageFlow(new ArgosClient(config.argos, deps)));
  if (config.jumio) {
    const jumio = new JumioClient(config.jumio, deps);
    const start = config.jumio.start;
    const tokens =
      start.mode === 'direct'
        ? new ServerTokenCache(jumio, deps, { clientId: start.clientId, clientSecret: start.clientSecret })
        : undefined;
    flows.push(jumioCredentialsFlow(jumio, deps, tokens));
  }
  // Each provider's flows share one reachability probe: the relay sends nothing to a provider it
  // cannot reach, and the home screen shows it offline.
  const probes: Partial<Record<ProviderId, (signal: AbortSignal) => Promise<boolean>>> = {
    ...(config.lumin ? { lumin: reachabilityProbe(config.lumin.baseUrl, USER_AGENT) } : {}),
    ...(config.argos ? { argos: reachabilityProbe(config.argos.baseUrl, USER_AGENT) } : {}),
    ...(config.jumio
      ? { jumio: reachabilityProbe(jumioUrls(config.jumio).api, config.jumio.userAgent) }
      : {}),
  };
  return new Map<FlowId, FlowDefinition>(
    flows.map((flow) => [flow.id, flow.probe ? flow : { ...flow, probe: probes[flow.provider] }]),
  );
}
