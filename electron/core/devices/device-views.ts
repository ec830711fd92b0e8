import type { CommandView, DeviceDetail, DeviceSummary } from '../../../contract/command-models';
import type { StoredCommand, StoredDevice } from '../store/schema';
import type { TaskQueue } from './task-queue';

/** What the Devices page shows of a device, whichever channel manages it. */
export function deviceSummary(device: StoredDevice, queue: TaskQueue): DeviceSummary {
  return {
    id: device.id,
    channel: device.channel,
    fleetId: device.fleetId,
    udid: device.udid,
    serialNumber: device.serialNumber,
    name: device.name,
    model: device.productName || device.model,
    modelName: device.modelName,
    osVersion: device.osVersion,
    platform: device.platform,
    enrollmentStatus: device.enrollmentStatus,
    online: device.agent ? device.agent.online : null,
    onlineChangedAt: device.agent?.onlineChangedAt ?? null,
    hostname: device.agent?.hostname ?? null,
    user: device.agent?.user ?? null,
    lastSeenAt: device.lastSeenAt,
    supervised: device.supervised,
    pushState: device.push?.state ?? 'none',
    pendingCommands: queue.openCount(device.id),
    inventoryAt: device.inventoryAt,
    lostMode: typeof device.information.IsMDMLostModeEnabled === 'boolean' ? device.information.IsMDMLostModeEnabled : null,
  };
}

/** The facts a channel adds to a device's page. */
export type ChannelDetail = Pick<DeviceDetail, 'unavailableCommands' | 'capacityGb' | 'availableGb' | 'batteryLevel' | 'macAddresses'>;

/** What the library knows of a device: the versions of its profiles. */
export type LibraryDetail = Pick<DeviceDetail, 'libraryProfiles'>;

/** A device's page: its summary, everything stored about it, and what its channel adds. */
export function deviceDetail(device: StoredDevice, queue: TaskQueue, channel: ChannelDetail, library: LibraryDetail): DeviceDetail {
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
    ...channel,
    information: device.information,
    security: device.security,
    profiles: device.profiles,
    ...library,
    apps: device.apps,
    location: device.location,
    agentInventory: device.agent?.inventory ?? null,
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
