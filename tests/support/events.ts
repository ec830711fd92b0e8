import type { EventName, EventPayload } from '../../contract/api';
import type { EventBus } from '../../electron/core/events/event-bus';

/**
 * The next `name` event on `bus` whose payload satisfies `predicate`. It
 * listens from the moment it is called, so call it before the action that
 * should cause the event; it rejects after `timeoutMs`.
 */
export function waitForEvent<E extends EventName>(bus: EventBus, name: E, predicate: (payload: EventPayload<E>) => boolean = () => true, timeoutMs = 5000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = bus.on(name, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
