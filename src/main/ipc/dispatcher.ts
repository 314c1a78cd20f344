/**
 * The single entry point every transport (Electron ipcMain, the harness bridge, tests) goes through:
 * unknown operation names are refused, input arrives as `unknown` and is parsed with the contract's
 * schema, the handler's answer or failure becomes a Result. Transports check the sender first.
 * Before the handler runs, the access gate (the security service) answers `unauthenticated` without
 * a signed-in operator and `forbidden` for a role the contract's table (shared/ipc/roles.ts) does not
 * allow; the handler then runs as that operator (actor-context.ts), for the audit trail.
 */
import { operations, type OperationName } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/ipc/result';
import type { Logger } from '../logging/logger';
import { runAs } from '../security/actor-context';
import type { Admission } from '../security/security-service';
import type { SessionOperator } from '../../shared/ipc/auth';
import { AppError } from './errors';
import type { CallContext, HandlerTable } from './handlers';

export type Dispatch = (name: unknown, input: unknown, context: CallContext) => Promise<Result<unknown>>;

function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

/** Who may call what (src/main/security/security-service.ts implements it). */
export interface AccessGate {
  admit(name: OperationName): Admission;
  admitInput(name: OperationName, input: unknown, operator: SessionOperator | undefined): Admission;
}

export function createDispatcher(handlers: HandlerTable, log: Logger, gate: AccessGate): Dispatch {
  return async (name, input, context) => {
    if (!isOperationName(name)) {
      log.warn('ipc.unknown_operation', {
        operation: typeof name === 'string' ? name.slice(0, 80) : typeof name,
      });
      return fail('unknown_operation', 'Unknown operation');
    }
    const admitted = gate.admit(name);
    if (!admitted.ok) return fail(admitted.code, admitted.message);
    const parsed = operations[name].input.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
      log.warn('ipc.invalid_input', { operation: name, issues });
      return fail('invalid_input', `Invalid input for ${name}`, issues);
    }
    const byInput = gate.admitInput(name, parsed.data, admitted.operator);
    if (!byInput.ok) return fail(byInput.code, byInput.message);
    const operator = admitted.operator;
    try {
      const handler = handlers[name] as (input: unknown, context: CallContext) => unknown;
      const call = (): unknown => handler(parsed.data, operator ? { ...context, operator } : context);
      return ok(
        await (operator
          ? runAs({ id: operator.id, name: operator.name, role: operator.role }, call)
          : call()),
      );
    } catch (error) {
      if (error instanceof AppError) {
        log.warn('ipc.failed', {
          operation: name,
          code: error.code,
          message: error.message,
        });
        return fail(error.code, error.message, error.details);
      }
      log.error('ipc.internal_error', { operation: name, error });
      return fail('internal', 'Internal error');
    }
  };
}
