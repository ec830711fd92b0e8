import { z } from 'zod';
import { defineCall } from './define';
import {
  ActivityEntry,
  ActivityPage,
  ActivityQuery,
  NetworkCandidates,
  Settings,
  SettingsPatch,
  SetupInput,
  SystemStatus,
} from './models';

const NoInput = z.object({}).strict();

/**
 * The one contract between the UI (or a script) and the core. Every call is
 * served from one handler table over Electron IPC and over the admin HTTP API.
 */
export const calls = {
  'system.status': defineCall({
    input: NoInput,
    output: SystemStatus,
    http: { method: 'GET', path: '/api/system/status' },
  }),
  'system.networkCandidates': defineCall({
    input: NoInput,
    output: NetworkCandidates,
    http: { method: 'GET', path: '/api/system/network-candidates' },
  }),
  'settings.get': defineCall({
    input: NoInput,
    output: Settings,
    http: { method: 'GET', path: '/api/settings' },
  }),
  'settings.update': defineCall({
    input: SettingsPatch,
    output: Settings,
    http: { method: 'PATCH', path: '/api/settings' },
    audit: 'Changed settings',
  }),
  'setup.complete': defineCall({
    input: SetupInput,
    output: Settings,
    http: { method: 'POST', path: '/api/setup' },
    audit: 'Completed the setup wizard',
  }),
  'activity.list': defineCall({
    input: ActivityQuery,
    output: ActivityPage,
    http: { method: 'GET', path: '/api/activity' },
  }),
} as const;

/** Events pushed from the core to every connected UI. */
export const events = {
  'settings.changed': Settings,
  'activity.appended': ActivityEntry,
  'system.status': SystemStatus,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
