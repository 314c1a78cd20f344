/**
 * The one handler table that implements the IPC contract. Every transport dispatches into it
 * through createDispatcher, which has already validated the input.
 */
import type { AppStatusService } from './app-status';
import type { HandlerTable } from './ipc/handlers';

export interface Services {
  appStatus: AppStatusService;
}

export function createHandlers(services: Services): HandlerTable {
  return {
    'app.getStatus': () => services.appStatus.status(),
    'app.setLanguage': ({ language }) => services.appStatus.setLanguage(language),
  };
}
