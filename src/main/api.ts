/**
 * The one handler table that implements the IPC contract. Every transport dispatches into it
 * through createDispatcher, which has already validated the input.
 */
import type { AppStatusService } from './app-status';
import type { StaffCases } from './cases/staff-cases';
import type { DevicesService } from './devices/service';
import type { HandlerTable } from './ipc/handlers';
import type { QueueService } from './sync/queue-service';

export interface Services {
  appStatus: AppStatusService;
  devices: DevicesService;
  queue: QueueService;
  cases: StaffCases;
}

export function createHandlers(services: Services): HandlerTable {
  return {
    'app.getStatus': () => services.appStatus.status(),
    'app.setLanguage': ({ language }) => services.appStatus.setLanguage(language),
    'devices.list': () => ({ sources: services.devices.list() }),
    'devices.refresh': async () => ({ sources: await services.devices.refresh() }),
    'devices.scan': async (input) => {
      const sides = await services.devices.scan(input);
      return { images: sides.map((s) => s.image), roles: sides.map((s) => s.role) };
    },
    'devices.cancel': ({ scanId }) => ({ cancelled: services.devices.cancel(scanId) }),
    'devices.importFile': (input) => services.devices.importFile(input),
    'cases.start': ({ flow, fields }) => services.cases.start(flow, fields),
    'cases.provideSecret': ({ caseId, name, value }) => services.cases.provideSecret(caseId, name, value),
    'cases.close': ({ caseId, reason }) => services.cases.close(caseId, reason),
    'cases.keepImage': ({ caseId, role }) => services.cases.keepImage(caseId, role),
    'cases.capture': (input) => services.cases.capture(input),
    'cases.get': ({ caseId }) => services.cases.view(caseId),
    'cases.image': ({ caseId, role }) => services.cases.image(caseId, role),
    'cases.submitReview': ({ caseId, step, values }) => services.cases.submitReview(caseId, step, values),
    'queue.list': (query) => services.queue.cases.list(query),
    'queue.inbox': ({ after, limit }) => services.queue.cases.inbox(after, limit),
    'queue.totals': () => services.queue.cases.totals(),
    'queue.filters': () => services.queue.cases.filters(),
    'queue.get': ({ caseId }) => services.queue.cases.get(caseId),
    'queue.retry': ({ caseId, uncertainStep }) => services.queue.cases.retry(caseId, uncertainStep),
    'queue.cancel': ({ caseId }) => services.queue.cases.cancel(caseId),
    'queue.status': () => services.queue.status(),
    'queue.pause': () => services.queue.pause(),
    'queue.resume': () => services.queue.resume(),
    // Supervisor only: the operator/role check belongs to the security service once it lands.
    'queue.purgeCompleted': () => ({ purged: services.queue.purgeCompletedNow() }),
  };
}
