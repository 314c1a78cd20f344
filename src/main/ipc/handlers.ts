import type { OperationInput, OperationName, OperationOutput, Operations } from '../../shared/ipc/contract';
import type { z } from 'zod';
import type { SessionOperator } from '../../shared/ipc/auth';

/** Who is calling: filled in by the transport after it checked the sender. */
export interface CallContext {
  transport: 'electron' | 'harness' | 'test';
  /** The signed-in operator, set by the dispatcher after the role check (absent for public calls). */
  operator?: SessionOperator;
}

/** Handlers receive input already parsed by the contract's schema (output type of the schema). */
export type Handler<N extends OperationName> = (
  input: z.output<Operations[N]['input']>,
  context: CallContext,
) => Promise<OperationOutput<N>> | OperationOutput<N>;

export type HandlerTable = { [N in OperationName]: Handler<N> };

export type { OperationInput };
