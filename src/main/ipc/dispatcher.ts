/**
 * The single entry point every transport (Electron ipcMain, the harness bridge, tests) goes through:
 * unknown operation names are refused, input arrives as `unknown` and is parsed with the contract's
 * schema, the handler's answer or failure becomes a Result. Transports check the sender first.
 */
import { operations, type OperationName } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/ipc/result';
import type { Logger } from '../logging/logger';
import { AppError } from './errors';
import type { CallContext, HandlerTable } from './handlers';

export type Dispatch = (name: unknown, input: unknown, context: CallContext) => Promise<Result<unknown>>;

function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

export function createDispatcher(handlers: HandlerTable, log: Logger): Dispatch {
  return async (name, input, context) => {
    if (!isOperationName(name)) {
      log.warn('ipc.unknown_operation', {
        operation: typeof name === 'string' ? name.slice(0, 80) : typeof name,
      });
      return fail('unknown_operation', 'Unknown operation');
    }
    const parsed = operations[name].input.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
      log.warn('ipc.invalid_input', { operation: name, issues });
      return fail('invalid_input', `Invalid input for ${name}`, issues);
    }
    try {
      const handler = handlers[name] as (input: unknown, context: CallContext) => unknown;
      return ok(await handler(parsed.data, context));
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
