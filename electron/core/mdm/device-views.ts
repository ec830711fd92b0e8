import type { CommandView, DeviceDetail, DeviceSummary } from '../../../contract/command-models';
import type { StoredCommand, StoredDevice } from '../store/schema';
import type { CommandDefinition } from './commands/command-definition';
import { commandCatalog } from './commands/catalog';
import type { CommandQueue } from './command-queue';
import { hardwareFacts } from './inventory';

export function deviceSummary(device: StoredDevice, queue: CommandQueue): DeviceSummary {
  return {
    id: device.id,
    udid: device.udid,
    serialNumber: device.serialNumber,
    name: device.name,
    model: device.productName || device.model,
    modelName: device.modelName,
    osVersion: device.osVersion,
    platform: device.platform,
    enrollmentStatus: device.enrollmentStatus,
    lastSeenAt: device.lastSeenAt,
    supervised: device.supervised,
    pushState: device.push?.state ?? 'none',
    pendingCommands: queue.openCount(device.id),
    inventoryAt: device.inventoryAt,
    lostMode: typeof device.information.IsMDMLostModeEnabled === 'boolean' ? device.information.IsMDMLostModeEnabled : null,
  };
}

export function deviceDetail(device: StoredDevice, queue: CommandQueue): DeviceDetail {
  const unavailableCommands: Record<string, string> = {};
  for (const [name, definition] of Object.entries(commandCatalog) as [string, CommandDefinition][]) {
    const reason = definition.available ? definition.available(device) : definition.refusal(device, {} as never);
    if (reason) unavailableCommands[name] = reason;
  }
  return {
    ...deviceSummary(device, queue),
    productName: device.productName,
    buildVersion: device.buildVersion,
    invitationId: device.invitationId,
    enrolledAt: device.enrolledAt,
    authenticatedAt: device.authenticatedAt,
    checkedOutAt: device.checkedOutAt,
    pushDeadReason: device.push?.deadReason ?? null,
    lastPushAt: device.push?.lastPushAt ?? null,
    hasUnlockToken: device.sealedUnlockToken !== null,
    hasBootstrapToken: device.sealedBootstrapToken !== null,
    ...hardwareFacts(device),
    information: device.information,
    security: device.security,
    profiles: device.profiles,
    apps: device.apps,
    location: device.location,
    unavailableCommands,
  };
}

export function commandView(command: StoredCommand): CommandView {
  return {
    commandUuid: command.uuid,
    deviceId: command.deviceId,
    requestType: command.requestType,
    summary: command.summary,
    status: command.status,
    result: command.result,
    errorChain: command.errorChain,
    queuedAt: command.queuedAt,
    sentAt: command.sentAt,
    completedAt: command.completedAt,
    notNowCount: command.notNowCount,
  };
}
