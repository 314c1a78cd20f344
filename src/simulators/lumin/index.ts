/**
 * The Lumin Soft eKYC simulator (providers.md §1): KYC onboarding and Update APIs on one loopback
 * server, both under the paths the docs give (`/Onboarding/api/v1/...` and `/api/v1/...`).
 */
import { SPECIMEN_PEOPLE } from '../../main/specimens';
import { systemClock, type SimulatorClock } from '../common/clock';
import { FaultInjector } from '../common/faults';
import { Ledger } from '../common/ledger';
import { RateLimiter } from '../common/rate-limit';
import { SimulatorServer } from '../common/server';
import { kycRoutes } from './kyc-routes';
import { LuminState, type Tenant } from './state';
import { tokenRoutes } from './token-routes';
import { updateRoutes } from './update-routes';

export interface LuminSimulatorOptions {
  tenants?: Tenant[];
  /** Session token lifetime; short in tests of expiry. Default 30 minutes. */
  tokenTtlMs?: number;
  /** Requests per second before 429 (default: no limit). */
  ratePerSecond?: number;
  /** The platform's clock (ms since the epoch). Default the system clock; tests pass a manual one. */
  clock?: SimulatorClock;
}

export const LUMIN_TRAINING_TENANT: Tenant = {
  tenantId: 'training-bank',
  tenantSecret: 'training-secret',
  translation: true,
};

export interface LuminSimulator {
  readonly name: 'lumin';
  readonly server: SimulatorServer;
  readonly state: LuminState;
  readonly ledger: Ledger;
  readonly faults: FaultInjector;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
}

export function createLuminSimulator(options: LuminSimulatorOptions = {}): LuminSimulator {
  const clock = options.clock ?? systemClock;
  const state = new LuminState(options.tokenTtlMs ?? 30 * 60_000, clock);
  for (const tenant of options.tenants ?? [LUMIN_TRAINING_TENANT]) state.tenants.set(tenant.tenantId, tenant);
  // The specimen people the platform already knows (10103 on onboarding; customers of the update flows).
  const seed = (): void => {
    for (const person of SPECIMEN_PEOPLE) {
      if (person.registered) state.addCustomer({ ...person.registered, nationalId: person.nationalId });
    }
  };
  seed();
  const ledger = new Ledger('lumin', clock);
  const faults = new FaultInjector();
  const server = new SimulatorServer({
    name: 'lumin',
    routes: [...tokenRoutes(state, ledger), ...kycRoutes(state, ledger), ...updateRoutes(state, ledger)],
    ledger,
    faults,
    ...(options.ratePerSecond ? { rateLimit: new RateLimiter(options.ratePerSecond, 1_000, clock) } : {}),
    errorBody: (status) => ({ message: `HTTP ${status}`, errorCode: String(status) }),
    // Customers onboarded since the start are forgotten (the specimens can be onboarded again);
    // open sessions end. Tenants and their translation switch stay.
    reset: () => {
      state.customersByApplicant.clear();
      state.sessions.clear();
      seed();
    },
  });
  return {
    name: 'lumin',
    server,
    state,
    ledger,
    faults,
    listen: (port) => server.listen(port),
    close: () => server.close(),
    get url() {
      return server.url;
    },
  };
}
