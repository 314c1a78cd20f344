/**
 * The one handler table that implements the IPC contract. Every transport dispatches into it
 * through createDispatcher, which has already validated the input.
 */
import type { AppStatusService } from './app-status';
import type { DevicesService } from './devices/service';
import type { HandlerTable } from './ipc/handlers';

export interface Services {
  appStatus: AppStatusService;
  devices: DevicesService;
}

export function createHandlers(services: Services): HandlerTable {
  return {
    'app.getStatus': () => services.appStatus.status(),
    'app.setLanguage': ({ language }) => services.appStatus.setLanguage(language),
    'devices.list': () => ({ sources: services.devices.list() }),
    'devices.refresh': async () => ({ sources: await services.devices.refresh() }),
    'devices.scan': async (input) => ({ images: await services.devices.scan(input) }),
    'devices.cancel': ({ scanId }) => ({ cancelled: services.devices.cancel(scanId) }),
    'devices.importFile': (input) => services.devices.importFile(input),
  };
}
