import type { z } from 'zod';

/** One request/response operation of the contract: what main accepts and what it answers. */
export interface OperationDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for readers of the contract; not used at run time. */
  summary: string;
}

/** One event main pushes to the renderer. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  payload: P;
  summary: string;
}

export function operation<I extends z.ZodType, O extends z.ZodType>(
  def: OperationDef<I, O>,
): OperationDef<I, O> {
  return def;
}

export function event<P extends z.ZodType>(def: EventDef<P>): EventDef<P> {
  return def;
}
