/**
 * The Jumio KYX simulator (providers.md §3): OAuth, account create/update, credential calls and
 * status on one loopback server (the four regional hosts collapse to one base URL), plus the
 * bank-side broker endpoint.
 */
import { systemClock, type SimulatorClock } from '../common/clock';
import { FaultInjector } from '../common/faults';
import { Ledger } from '../common/ledger';
import { RateLimiter } from '../common/rate-limit';
import { SimulatorServer } from '../common/server';
import { accountRoutes } from './account-routes';
import { credentialRoutes } from './credential-routes';
import { JumioState, type CredentialShape, type JumioTiming } from './state';

export interface JumioSimulatorOptions {
  clients?: { clientId: string; clientSecret: string }[];
  timing?: Partial<JumioTiming>;
  /** Token endpoint: 10 requests/s; account initiation: 1 request/s per tenant (providers.md 3.1). */
  tokenRatePerSecond?: number;
  accountRatePerSecond?: number;
  /** The broker's bearer key; undefined = the broker wants none. */
  brokerKey?: string;
  /** The credential `country`/`type` shape account create/update accepts (default 'values'). */
  credentialShape?: CredentialShape;
  /** false: every deletion answers 405 (a tenant without API deletion). Default true. */
  deletionsAllowed?: boolean;
  /** The tenant's clock (ms since the epoch). Default the system clock; tests pass a manual one. */
  clock?: SimulatorClock;
}

export const JUMIO_TRAINING_CLIENT = { clientId: 'training-client', clientSecret: 'training-client-secret' };

export interface JumioSimulator {
  readonly name: 'jumio';
  readonly server: SimulatorServer;
  readonly state: JumioState;
  readonly ledger: Ledger;
  readonly faults: FaultInjector;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
}

export function createJumioSimulator(options: JumioSimulatorOptions = {}): JumioSimulator {
  const clock = options.clock ?? systemClock;
  const state = new JumioState(
    {
      serverTokenTtlMs: 3_600_000,
      transactionTtlMs: 30 * 60_000,
      inactivityMs: 15 * 60_000,
      processingMs: 1_000,
      ...options.timing,
    },
    clock,
  );
  const clients = options.clients ?? [JUMIO_TRAINING_CLIENT];
  for (const client of clients) state.clients.set(client.clientId, client.clientSecret);
  state.credentialShape = options.credentialShape ?? 'values';
  state.deletionsAllowed = options.deletionsAllowed ?? true;
  const ledger = new Ledger('jumio', clock);
  const faults = new FaultInjector();
  // The answers carry URLs on this server, known once it listens.
  const self: { server?: SimulatorServer } = {};
  const baseUrl = (): string => self.server?.url ?? 'http://127.0.0.1';
  const server = new SimulatorServer({
    name: 'jumio',
    routes: [
      ...accountRoutes(state, ledger, {
        tokenLimiter: new RateLimiter(options.tokenRatePerSecond ?? 10, 1_000, clock),
        accountLimiter: new RateLimiter(options.accountRatePerSecond ?? 1, 1_000, clock),
        brokerClientId: clients[0]!.clientId,
        baseUrl,
        ...(options.brokerKey !== undefined ? { brokerKey: options.brokerKey } : {}),
      }),
      ...credentialRoutes(state, ledger, baseUrl),
    ],
    ledger,
    faults,
    errorBody: (status) => ({
      title: status === 429 ? 'Too Many Requests' : 'Server Error',
      status,
      detail: 'Simulated',
    }),
    // Accounts and their transactions go; API clients and issued server tokens stay (a kiosk
    // holding a token keeps working).
    reset: () => state.accounts.clear(),
  });
  self.server = server;
  const s = server;
  return {
    name: 'jumio',
    server: s,
    state,
    ledger,
    faults,
    listen: (port) => s.listen(port),
    close: () => s.close(),
    get url() {
      return s.url;
    },
  };
}
