/**
 * Who may call what: the one table the dispatcher enforces before any handler runs
 * (src/main/ipc/dispatcher.ts). Typed as a record over every operation name, so an operation added
 * to the contract without a role set does not compile; tests/unit/roles.test.ts checks that every
 * set is non-empty. `PUBLIC` marks the few operations a person who has not signed in needs (status,
 * language, sign-in itself).
 *
 * Roles (issue 13): teller (start flows, capture, review, approve); supervisor (everything a teller
 * does, and cancel cases, continue with a flagged capture, answer "did it arrive?", purge, read the
 * audit trail); administrator (operators, settings, devices, providers; no customer data). Training
 * operators have the same roles.
 */
import type { Role } from './auth';
import type { OperationName } from './contract';

export const PUBLIC = 'public';
export type Access = readonly Role[] | typeof PUBLIC;

const STAFF: readonly Role[] = ['teller', 'supervisor'];
const SUPERVISOR: readonly Role[] = ['supervisor'];
const ADMIN: readonly Role[] = ['administrator'];
const ANYONE_SIGNED_IN: readonly Role[] = ['teller', 'supervisor', 'administrator'];

export const ROLES: Record<OperationName, Access> = {
  'app.getStatus': PUBLIC,
  'app.setLanguage': PUBLIC,
  // Wipes every training customer at the simulators, also those other tellers are serving.
  'app.resetTraining': SUPERVISOR,

  'auth.session': PUBLIC,
  'auth.signIn': PUBLIC,
  // Signing out needs no role: a locked session must still be able to end.
  'auth.signOut': PUBLIC,
  'auth.lock': ANYONE_SIGNED_IN,
  // Checked against the locked session's own operator by the security service.
  'auth.unlock': PUBLIC,
  // Refused by the security service as soon as one administrator exists.
  'auth.createFirstAdministrator': PUBLIC,

  'admin.listOperators': ADMIN,
  'admin.createOperator': ADMIN,
  'admin.updateOperator': ADMIN,
  'admin.encryptSecret': ADMIN,
  'admin.diagnostics': ADMIN,
  'admin.getSettings': ADMIN,
  'admin.updateSettings': ADMIN,
  'admin.testScan': ADMIN,
  'admin.listProviders': ADMIN,
  'admin.testProvider': ADMIN,
  'admin.replaceProviderSecret': ADMIN,

  'audit.list': SUPERVISOR,
  'audit.verify': [...SUPERVISOR, 'administrator'],
  'audit.lastVerification': [...SUPERVISOR, 'administrator'],
  'audit.export': SUPERVISOR,

  'cases.capture': STAFF,
  'cases.get': STAFF,
  'cases.image': STAFF,
  'cases.submitReview': STAFF,
  'cases.start': STAFF,
  'cases.provideSecret': STAFF,
  // Continuing with a capture the quality check flagged, and closing a case, are a supervisor's.
  'cases.keepImage': SUPERVISOR,
  'cases.close': SUPERVISOR,

  // The administrator tests capture devices (a test scan) but imports no customer's file.
  'devices.list': ANYONE_SIGNED_IN,
  'devices.refresh': ANYONE_SIGNED_IN,
  'devices.scan': ANYONE_SIGNED_IN,
  'devices.cancel': ANYONE_SIGNED_IN,
  'devices.importFile': STAFF,

  'queue.list': STAFF,
  'queue.inbox': STAFF,
  'queue.totals': STAFF,
  'queue.filters': STAFF,
  'queue.get': STAFF,
  // A plain retry is a teller's; answering "did it arrive?" (uncertainStep) is a supervisor's:
  // see INPUT_RULES.
  'queue.retry': STAFF,
  'queue.cancel': SUPERVISOR,
  // Relay and store status only (no case data): the service-needed screen shows it before sign-in.
  'queue.status': PUBLIC,
  'queue.pause': SUPERVISOR,
  'queue.resume': SUPERVISOR,
  'queue.purgeCompleted': SUPERVISOR,
};

/**
 * Narrower rules that depend on the input, checked by the dispatcher after parsing: the roles that
 * may call the operation with that input. Kept next to the table so all access rules are in one file.
 */
export const INPUT_RULES: Partial<Record<OperationName, (input: unknown) => readonly Role[] | undefined>> = {
  'queue.retry': (input) =>
    (input as { uncertainStep?: unknown } | undefined)?.uncertainStep !== undefined ? SUPERVISOR : undefined,
};

/** Whether `role` may call `name` (PUBLIC operations: anyone, signed in or not). */
export function mayCall(name: OperationName, role: Role | undefined): boolean {
  const access = ROLES[name];
  if (access === PUBLIC) return true;
  return role !== undefined && access.includes(role);
}
