/**
 * Who is acting, for the audit trail: the dispatcher runs each handler inside `runAs(operator)`, so
 * every store write the call makes (even after awaits: AsyncLocalStorage follows the async chain)
 * is recorded with that operator. Writes outside any call (the relay, retention) are the system's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Actor {
  id: string;
  name: string;
  /** teller | supervisor | administrator; null for the system. */
  role: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Kiosk', role: null };

const storage = new AsyncLocalStorage<Actor>();

export function runAs<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}

export function currentActor(): Actor {
  return storage.getStore() ?? SYSTEM_ACTOR;
}
