import type { ChannelDetail } from '../devices/device-views';
import type { StoredDevice } from '../store/schema';
import type { CommandDefinition } from './commands/command-definition';
import { commandCatalog } from './commands/catalog';
import { hardwareFacts } from './inventory';

/** What Apple MDM adds to a device's page: hardware facts, and the commands it cannot take now, with why. */
export function mdmChannelDetail(device: StoredDevice): ChannelDetail {
  const unavailableCommands: Record<string, string> = {};
  for (const [name, definition] of Object.entries(commandCatalog) as [string, CommandDefinition][]) {
    const reason = definition.available ? definition.available(device) : definition.refusal(device, {} as never);
    if (reason) unavailableCommands[name] = reason;
  }
  return { ...hardwareFacts(device), unavailableCommands };
}
