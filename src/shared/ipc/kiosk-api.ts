/**
 * Builds the `window.kiosk` object from the contract's names and a transport. The Electron preload
 * passes an ipcRenderer transport; the browser harness passes an HTTP one. The renderer only sees
 * the object, never the transport, so its code is the same on both. Only the names are imported
 * (names.ts), never the schemas: the preload carries no zod.
 */
import type { EventName, EventPayload, OperationInput, OperationName, OperationOutput } from './contract';
import { EVENT_NAMES, OPERATION_NAMES } from './names';
import { fail, type Result } from './result';

export interface KioskTransport {
  /** Must not throw: a failure to reach main comes back as an `unavailable` result. */
  invoke(name: OperationName, input: unknown): Promise<Result<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

type Namespace<N extends string> = N extends `${infer NS}.${string}` ? NS : never;
type Method<N extends string, NS extends string> = N extends `${NS}.${infer M}` ? M : never;

type OperationFn<N extends OperationName> =
  undefined extends OperationInput<N>
    ? (input?: OperationInput<N>) => Promise<Result<OperationOutput<N>>>
    : (input: OperationInput<N>) => Promise<Result<OperationOutput<N>>>;

type Unsubscribe = () => void;

export type KioskApi = {
  readonly [NS in Namespace<OperationName | EventName>]: {
    readonly [N in OperationName as Method<N, NS>]: OperationFn<N>;
  } & {
    readonly [N in EventName as Method<N, NS> extends never ? never : `on${Capitalize<Method<N, NS>>}`]: (
      listener: (payload: EventPayload<N>) => void,
    ) => Unsubscribe;
  };
};

function split(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

export function createKioskApi(transport: KioskTransport): KioskApi {
  const api: Record<string, Record<string, unknown>> = {};
  const ns = (name: string): Record<string, unknown> => (api[name] ??= {});

  for (const name of OPERATION_NAMES) {
    const [space, method] = split(name);
    ns(space)[method] = async (input?: unknown): Promise<Result<unknown>> => {
      try {
        return await transport.invoke(name, input);
      } catch (error) {
        return fail('unavailable', error instanceof Error ? error.message : String(error));
      }
    };
  }
  for (const name of EVENT_NAMES) {
    const [space, event] = split(name);
    const key = `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
    ns(space)[key] = (listener: (payload: unknown) => void): Unsubscribe => {
      if (typeof listener !== 'function') throw new TypeError(`${key} needs a function`);
      return transport.subscribe(name, listener);
    };
  }
  for (const value of Object.values(api)) Object.freeze(value);
  return Object.freeze(api) as unknown as KioskApi;
}
