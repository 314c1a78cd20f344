/**
 * The one handler table that implements the IPC contract. Every transport dispatches into it
 * through createDispatcher, which has already validated the input.
 */
import type { AdminTools } from './admin/admin-tools';
import type { AppStatusService } from './app-status';
import type { StaffCases } from './cases/staff-cases';
import type { DevicesService } from './devices/service';
import type { HandlerTable } from './ipc/handlers';
import type { QueueService } from './sync/queue-service';
import type { AuditService } from './security/audit-service';
import type { SecurityService } from './security/security-service';
import { AppError } from './ipc/errors';

export interface Services {
  appStatus: AppStatusService;
  devices: DevicesService;
  queue: QueueService;
  cases: StaffCases;
  security: SecurityService;
  audit: AuditService;
  /** The settings screen's settings, device and provider checks (src/main/admin). */
  admin: AdminTools;
  /** Seals a provider secret for kiosk.config.json; undefined when this host cannot. */
  encryptSecret: ((plain: string) => string) | undefined;
  /** Writes the diagnostics bundle of the last `days` days (src/main/security/diagnostics.ts). */
  diagnostics: (days: number) => { file: string; bytes: number };
  /** Training mode's simulators back to their start (app.resetTraining); throws training_only in production. */
  resetTraining: () => Promise<{ reset: ('lumin' | 'argos' | 'jumio')[] }>;
}

export function createHandlers(services: Services): HandlerTable {
  return {
    'app.getStatus': () => services.appStatus.status(),
    'app.setLanguage': ({ language }) => services.appStatus.setLanguage(language),
    'app.resetTraining': () => services.resetTraining(),
    'auth.session': () => services.security.session(),
    'auth.signIn': ({ operatorId, secret }) => services.security.signIn(operatorId, secret),
    'auth.signOut': () => services.security.signOut(),
    'auth.lock': () => services.security.lock(),
    'auth.unlock': ({ secret }) => services.security.unlock(secret),
    'auth.createFirstAdministrator': ({ id, name, secret }) =>
      services.security.createFirstAdministrator(id, name, secret),
    'admin.listOperators': () => ({ operators: services.security.listOperators() }),
    'admin.createOperator': (input) => services.security.createOperator(input),
    'admin.updateOperator': (input) => services.security.updateOperator(input),
    'admin.encryptSecret': ({ secret }) => {
      if (!services.encryptSecret) throw new AppError('unavailable', 'This host cannot encrypt secrets');
      const encrypted = services.encryptSecret(secret);
      services.security.recordAdmin('admin.secret_encrypted', {});
      return { encrypted };
    },
    'admin.diagnostics': ({ days }) => {
      const written = services.diagnostics(days);
      services.security.recordAdmin('admin.diagnostics_written', { days, bytes: written.bytes });
      return written;
    },
    'admin.getSettings': () => services.admin.settings.current(),
    'admin.updateSettings': (patch) => services.admin.settings.update(patch),
    'admin.testScan': ({ sourceId }) => services.admin.testScan(sourceId),
    'admin.listProviders': async () => ({ providers: await services.admin.listProviders() }),
    'admin.testProvider': ({ provider }) => services.admin.testProvider(provider),
    'admin.replaceProviderSecret': ({ provider, name, secret }) =>
      services.admin.replaceProviderSecret(provider, name, secret),
    'audit.list': (filter) => ({ entries: services.audit.list(filter) }),
    'audit.verify': () => services.audit.verify(),
    'audit.lastVerification': () => services.audit.lastVerification(),
    'audit.export': ({ from, to }) => services.audit.export(from, to),
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
    // Supervisor only (shared/ipc/roles.ts), checked by the dispatcher before this runs.
    'queue.purgeCompleted': () => ({ purged: services.queue.purgeCompletedNow() }),
  };
}
