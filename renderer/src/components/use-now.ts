import { useSyncExternalStore } from 'react';

/** One clock for every ticking label, running only while something shows one. */
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = () => now;

/** The current time in ms, updated every second while the component is shown. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}

const minuteSnapshot = () => Math.floor(now / 60_000) * 60_000;

/** The current time rounded down to the minute: a component that only needs minutes re-renders once a minute, not every second. */
export function useMinute(): number {
  return useSyncExternalStore(subscribe, minuteSnapshot);
}
