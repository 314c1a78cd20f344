/**
 * The contract's operation and event names as plain strings, without the zod schemas: all that the
 * preload and the harness bridge need to build `window.kiosk` (src/shared/ipc/kiosk-api.ts). Keeping
 * zod out of the preload takes it from ~200 KB to a few KB.
 *
 * Both lists are complete by construction: operation names are the keys of the roles table (typed
 * as a record over every operation, so an operation without a role set does not compile), event
 * names the keys of a record over every event. tests/unit/ipc-names.test.ts checks them against the
 * contract at run time too.
 */
import type { EventName, OperationName } from './contract';
import { ROLES } from './roles';

export const OPERATION_NAMES = Object.keys(ROLES) as readonly OperationName[];

const EVENTS: Record<EventName, true> = {
  'app.statusChanged': true,
  'auth.sessionChanged': true,
  'devices.changed': true,
  'devices.imageArrived': true,
  'devices.feedProgress': true,
  'queue.caseChanged': true,
  'queue.totalsChanged': true,
  'queue.statusChanged': true,
};

export const EVENT_NAMES = Object.keys(EVENTS) as readonly EventName[];
