/** What every part of the relay shares while it works a case (built once by relay.ts). */
import type { Logger } from '../../logging/logger';
import type { Durability, KioskStore } from '../../store/store';
import type { Connectivity } from '../connectivity';
import type { FlowRegistry } from '../flow-types';
import type { SecretVault } from '../secret-vault';
import type { Leases } from './leases';
import type { RelayOptions } from './options';
import type { RateLimiter } from './rate-limits';
import type { SerialWaits } from './serialise';
import type { SessionCache } from './session-cache';

export interface RelayContext {
  store: KioskStore;
  flows: FlowRegistry;
  secrets: SecretVault;
  connectivity: Connectivity;
  log: Logger;
  options: RelayOptions;
  leases: Leases;
  sessions: SessionCache;
  /** Cases of this process waiting for a subject another case holds (serialise.ts). */
  serialWaits: SerialWaits;
  limiter: RateLimiter;
  random: () => number;
  /** Fires on a drain past its grace period: every call in progress is cut off. */
  stop: AbortSignal;
  /**
   * One write (group commit): resolves once committed. Each caller says its durability (store.ts
   * Durability) and, for 'relaxed', why losing it to a power cut is harmless.
   */
  write<T>(fn: () => T, durability: Durability): Promise<T>;
  /** False once the relay is pausing, draining or stopped: workers finish the write they are in. */
  mayContinue(): boolean;
  /** A case changed (queue events). */
  changed(caseId: string): void;
}
