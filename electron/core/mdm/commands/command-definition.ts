import type { z } from 'zod';
import type { PlistDict } from '../../plist/plist-codec';
import type { StoredDevice } from '../../store/schema';

/** What building a command may need from the rest of the core. */
export interface CommandBuildContext {
  /** Signs a configuration profile with the office profile-signing certificate. */
  signProfile(profile: Buffer): Promise<Buffer>;
  /** The UnlockToken the device escrowed at TokenUpdate, if any. */
  unlockToken(device: StoredDevice): Promise<Buffer | null>;
}

export interface BuiltCommand {
  command: PlistDict;
  /** One line for the admin: what was asked, without secrets. */
  summary: string;
}

export interface CommandDefinition<S extends z.ZodType = z.ZodType> {
  requestType: string;
  /** Parameters accepted by the admin API (besides requestType). */
  params: S;
  /** Why this device cannot run the command, or null. */
  refusal(device: StoredDevice, params: z.output<S>): string | null;
  /** Whether the device can run it at all, whatever the parameters (for the UI's buttons); defaults to refusal with none. */
  available?(device: StoredDevice): string | null;
  build(params: z.output<S>, device: StoredDevice, context: CommandBuildContext): Promise<BuiltCommand> | BuiltCommand;
  destructive?: boolean;
}

export function defineCommand<S extends z.ZodType>(definition: CommandDefinition<S>): CommandDefinition<S> {
  return definition;
}

export const isMac = (device: StoredDevice): boolean => device.platform === 'macos';
export const isMobile = (device: StoredDevice): boolean => device.platform === 'ios' || device.platform === 'ipados';

export function needsSupervisedMobile(device: StoredDevice, what: string): string | null {
  if (!isMobile(device)) return `${what} is only available on iPhone and iPad`;
  if (device.supervised === null) return `${what} needs a supervised device, and this device's supervision is not known yet (run DeviceInformation first)`;
  if (!device.supervised) return `${what} needs a supervised device; this ${device.productName || 'device'} is not supervised`;
  return null;
}
