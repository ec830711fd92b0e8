import type { DeploymentItem } from '../../../../contract/deployment-models';

/** Commands a deployment offers from its form: those that need no parameters (Lock's note is optional). */
export const appleCommandChoices = [
  { requestType: 'DeviceInformation', label: 'Refresh device information' },
  { requestType: 'SecurityInfo', label: 'Read security information' },
  { requestType: 'ProfileList', label: 'List installed profiles' },
  { requestType: 'InstalledApplicationList', label: 'List installed apps' },
  { requestType: 'DeviceLock', label: 'Lock' },
  { requestType: 'RestartDevice', label: 'Restart' },
  { requestType: 'ShutDownDevice', label: 'Shut down' },
  { requestType: 'EraseDevice', label: 'Erase' },
] as const;

export const agentCommandChoices = [
  { requestType: 'Ping', label: 'Ping' },
  { requestType: 'Inventory', label: 'Refresh inventory' },
  { requestType: 'Lock', label: 'Lock the screen' },
  { requestType: 'Wipe', label: 'Wipe the managed folder and unenrol' },
  { requestType: 'Unenroll', label: 'Unenrol' },
] as const;

/** Commands that destroy data or end management: asked for with the number of devices they touch. */
export const destructiveCommands: ReadonlySet<string> = new Set(['EraseDevice', 'Wipe', 'Unenroll']);

export function isDestructive(item: DeploymentItem | null): boolean {
  return item?.kind === 'command' && destructiveCommands.has(String(item.requestType));
}

/** "Erase", "Wipe the managed folder and unenrol": the word the confirmation uses. */
export function commandLabel(requestType: string): string {
  return [...appleCommandChoices, ...agentCommandChoices].find((choice) => choice.requestType === requestType)?.label ?? requestType;
}
