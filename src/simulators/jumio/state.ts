/**
 * What the simulated Jumio tenant remembers: API clients, server tokens, accounts and their
 * workflow executions (transaction token, credentials and parts, finalisation), and the statuses
 * providers.md §3.3 lists, derived from time: INITIATED → (finalize) ACQUIRED → PROCESSED, or
 * TOKEN_EXPIRED / SESSION_EXPIRED when the transaction was left unfinished.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { systemClock, type SimulatorClock } from '../common/clock';

export type Category = 'ID' | 'DOCUMENT' | 'SELFIE' | 'DATA';

export interface StoredPart {
  digest: string;
  bytes: number;
  at: number;
}

export interface Credential {
  id: string;
  category: Category;
  country?: string;
  type?: string;
  parts: Map<string, StoredPart>;
  /** DOCUMENT pages. */
  pages: StoredPart[];
  preparedData?: Record<string, unknown>;
}

export type ExecutionStatus = 'INITIATED' | 'ACQUIRED' | 'PROCESSED' | 'SESSION_EXPIRED' | 'TOKEN_EXPIRED';

export interface Execution {
  id: string;
  accountId: string;
  token: string;
  tokenExpiresAt: number;
  /** Set by the first upload; the inactivity timeout counts from the latest one. */
  lastUploadAt?: number;
  finalizedAt?: number;
  credentials: Credential[];
}

export interface Account {
  id: string;
  clientId: string;
  customerInternalReference: string;
  executions: Map<string, Execution>;
}

export interface JumioTiming {
  serverTokenTtlMs: number;
  transactionTtlMs: number;
  inactivityMs: number;
  processingMs: number;
}

/**
 * How account create/update must write an ID credential's `country` and `type`: 'values' is the
 * object form of Jumio's public docs (`{ "values": ["EGY"] }`), 'plain' a bare string.
 */
export type CredentialShape = 'values' | 'plain';

export class JumioState {
  readonly clients = new Map<string, string>();
  /**
   * Whether this tenant lets the API delete parts. Some tenants do not (the call answers 405):
   * the kiosk must then say that images may remain, not that the case was withdrawn.
   */
  deletionsAllowed = true;
  credentialShape: CredentialShape = 'values';
  readonly serverTokens = new Map<string, { clientId: string; expiresAt: number }>();
  readonly accounts = new Map<string, Account>();

  constructor(
    readonly timing: JumioTiming,
    /** The tenant's clock (ms since the epoch): token and transaction lifetimes, processing. */
    readonly now: SimulatorClock = systemClock,
  ) {}

  issueServerToken(clientId: string): { token: string; ttlMs: number } {
    const token = randomBytes(32).toString('base64url');
    this.serverTokens.set(token, { clientId, expiresAt: this.now() + this.timing.serverTokenTtlMs });
    return { token, ttlMs: this.timing.serverTokenTtlMs };
  }

  /** The client behind a live server token. */
  serverClient(token: string | undefined): string | undefined {
    const found = token ? this.serverTokens.get(token) : undefined;
    return found && this.now() < found.expiresAt ? found.clientId : undefined;
  }

  newExecution(
    account: Account,
    credentials: { category: Category; country?: string; type?: string }[],
  ): Execution {
    const execution: Execution = {
      id: randomUUID(),
      accountId: account.id,
      token: randomBytes(24).toString('base64url'),
      tokenExpiresAt: this.now() + this.timing.transactionTtlMs,
      credentials: credentials.map((c) => ({ id: randomUUID(), ...c, parts: new Map(), pages: [] })),
    };
    account.executions.set(execution.id, execution);
    return execution;
  }

  execution(accountId: string, executionId: string): Execution | undefined {
    return this.accounts.get(accountId)?.executions.get(executionId);
  }

  status(execution: Execution, now: number = this.now()): ExecutionStatus {
    if (execution.finalizedAt !== undefined) {
      return now - execution.finalizedAt >= this.timing.processingMs ? 'PROCESSED' : 'ACQUIRED';
    }
    if (execution.lastUploadAt !== undefined && now - execution.lastUploadAt >= this.timing.inactivityMs) {
      return 'SESSION_EXPIRED';
    }
    if (now >= execution.tokenExpiresAt) return 'TOKEN_EXPIRED';
    return 'INITIATED';
  }
}
