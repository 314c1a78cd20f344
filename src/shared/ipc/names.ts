/**
 * The contract's operation and event names as plain strings, without the zod schemas: all that the
 * preload and the harness bridge need to build `window.kiosk` (src/shared/ipc/kiosk-api.ts). Keeping
 * zod out of the preload takes it from ~200 KB to a few KB. A test (tests/unit/ipc-names.test.ts)
 * keeps these lists equal to the contract's keys: add a name here with every new operation or event.
 */
import type { EventName, OperationName } from './contract';

export const OPERATION_NAMES = [
  'app.getStatus',
  'app.setLanguage',
  'cases.capture',
  'cases.get',
  'cases.image',
  'cases.submitReview',
  'devices.list',
  'devices.refresh',
  'devices.scan',
  'devices.cancel',
  'devices.importFile',
  'queue.list',
  'queue.inbox',
  'queue.totals',
  'queue.filters',
  'queue.get',
  'queue.retry',
  'queue.cancel',
  'queue.status',
  'queue.pause',
  'queue.resume',
  'queue.purgeCompleted',
] as const satisfies readonly OperationName[];

export const EVENT_NAMES = [
  'app.statusChanged',
  'devices.changed',
  'devices.imageArrived',
  'queue.caseChanged',
  'queue.totalsChanged',
  'queue.statusChanged',
] as const satisfies readonly EventName[];
