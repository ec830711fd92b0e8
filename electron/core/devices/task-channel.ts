import type { LanyardTransaction } from '../store/lanyard-store';
import type { StoredCommand, StoredDevice } from '../store/schema';

/**
 * How a task reaches a device over its channel (Apple MDM or the agent), in
 * three steps so a caller can store many tasks in one transaction:
 * `prepare` checks the task fits the device and builds it (nothing stored;
 * an ApiError `conflict` says why it does not apply), `storeIn` stores it
 * with whatever the channel changes beside it, and `dispatch`, once that is
 * durable, tells the device (an APNs push, an MQTT publish) and the UI.
 */
export interface TaskChannel {
  prepare(device: StoredDevice, requestType: string, params: Record<string, unknown>, origin: StoredCommand['origin']): Promise<StoredCommand>;
  storeIn(tx: LanyardTransaction, device: StoredDevice, task: StoredCommand): void;
  dispatch(task: StoredCommand): void;
}
