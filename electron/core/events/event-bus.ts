import type { EventName, EventPayload } from '../../../contract/api';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
type AnyListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Typed fan-out of contract events from the core to every transport. */
export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A broken subscriber must not stop the others or the core.
      }
    }
  }

  onAny(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    return this.onAny((name, payload) => {
      if ((name as EventName) === event) listener(payload as unknown as EventPayload<E>);
    });
  }
}
