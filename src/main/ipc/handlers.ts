import type { OperationInput, OperationName, OperationOutput, Operations } from '../../shared/ipc/contract';
import type { z } from 'zod';

/** Who is calling: filled in by the transport after it checked the sender. */
export interface CallContext {
  transport: 'electron' | 'harness' | 'test';
}

/** Handlers receive input already parsed by the contract's schema (output type of the schema). */
export type Handler<N extends OperationName> = (
  input: z.output<Operations[N]['input']>,
  context: CallContext,
) => Promise<OperationOutput<N>> | OperationOutput<N>;

export type HandlerTable = { [N in OperationName]: Handler<N> };

export type { OperationInput };
