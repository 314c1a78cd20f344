/**
 * The IPC contract: every operation the renderer may call and every event main pushes, in one
 * place. Each concern declares its part in its own file; this file only gathers them.
 * Main validates every input against these schemas (src/main/ipc/dispatcher.ts); the preload and
 * the harness bridge generate `window.kiosk` from the names (src/shared/ipc/kiosk-api.ts).
 */
import type { z } from 'zod';
import { adminOperations } from './admin';
import { adminSettingsOperations } from './admin-settings';
import { appEvents, appOperations } from './app';
import { auditOperations } from './audit';
import { authEvents, authOperations } from './auth';
import { caseOperations } from './cases';
import { devicesEvents, devicesOperations } from './devices';

import { queueEvents, queueOperations } from './queue';

export const operations = {
  ...appOperations,
  ...authOperations,
  ...adminOperations,
  ...adminSettingsOperations,
  ...auditOperations,
  ...caseOperations,
  ...devicesOperations,
  ...queueOperations,
};

export const events = {
  ...appEvents,
  ...authEvents,
  ...devicesEvents,
  ...queueEvents,
};

export type Operations = typeof operations;
export type Events = typeof events;
export type OperationName = keyof Operations;
export type EventName = keyof Events;
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>;
export type EventPayload<N extends EventName> = z.output<Events[N]['payload']>;

export const operationNames = Object.keys(operations) as OperationName[];
export const eventNames = Object.keys(events) as EventName[];
