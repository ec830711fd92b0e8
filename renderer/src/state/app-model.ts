import type { LiveClient } from '../client/live-client';
import { createActions, type LanyardActions } from './actions';
import { Hydrator } from './hydration';
import { createLanyardStore, type LanyardStore } from './lanyard-store';
import { startLiveSync } from './live-sync';

export interface AppModel {
  store: LanyardStore;
  actions: LanyardActions;
  /** Subscribes to events and hydrates; returns the function that stops it. */
  start(): () => void;
}

export function createAppModel(client: LiveClient): AppModel {
  const store = createLanyardStore(client);
  const hydrator = new Hydrator(store, client);
  return {
    store,
    actions: createActions(store, client, hydrator),
    start: () => startLiveSync(store, client, hydrator),
  };
}
