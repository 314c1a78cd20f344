/**
 * Typed events from main-process services to whatever transport is attached (Electron windows,
 * harness clients, tests). Payloads are validated against the contract in development and tests
 * so a service cannot push something the renderer does not expect.
 */
import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';

export type EventListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly validate = true) {}

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    if (this.validate) events[name].payload.parse(payload);
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // One broken transport must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
