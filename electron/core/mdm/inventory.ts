import type { PlistDict } from '../plist/plist-codec';
import type { StoredCommand, StoredDevice } from '../store/schema';
import type { plistToJson } from '../plist/plist-json';
import { jsonRecord, jsonRecords } from '../plist/plist-json';

/** The commands Lanyard queues on its own after enrollment and on each inventory refresh. */
export const inventoryCommands = ['DeviceInformation', 'SecurityInfo', 'ProfileList', 'InstalledApplicationList'] as const;

/** Turns an acknowledged command's answer into what Lanyard knows about the device. */
export function applyResult(device: StoredDevice, command: StoredCommand, report: PlistDict, now: Date): void {
  switch (command.requestType) {
    case 'DeviceInformation': {
      const answers = jsonRecord(report.QueryResponses) ?? {};
      device.information = { ...device.information, ...answers };
      const text = (key: string) => (typeof answers[key] === 'string' ? (answers[key] as string) : undefined);
      device.name = text('DeviceName') ?? device.name;
      device.serialNumber = text('SerialNumber') ?? device.serialNumber;
      device.model = text('Model') ?? device.model;
      device.modelName = text('ModelName') ?? device.modelName;
      device.productName = text('ProductName') ?? device.productName;
      device.osVersion = text('OSVersion') ?? device.osVersion;
      device.buildVersion = text('BuildVersion') ?? device.buildVersion;
      if (typeof answers.IsSupervised === 'boolean') device.supervised = answers.IsSupervised;
      device.inventoryAt = now.toISOString();
      return;
    }
    case 'SecurityInfo':
      device.security = jsonRecord(report.SecurityInfo);
      return;
    case 'ProfileList':
      // Certificates and payload contents can be large and are not shown; keep the descriptive keys.
      device.profiles = (jsonRecords(report.ProfileList) ?? []).map(({ PayloadContent: _content, SignerCertificates: _signers, ...rest }) => rest);
      return;
    case 'InstalledApplicationList':
      device.apps = jsonRecords(report.InstalledApplicationList);
      return;
    case 'DeviceLocation':
      device.location = { ...(jsonRecord(report) ?? {}), receivedAt: now.toISOString() };
      delete device.location.UDID;
      delete device.location.Status;
      delete device.location.CommandUUID;
      return;
    case 'EnableLostMode':
    case 'DisableLostMode':
      device.information = { ...device.information, IsMDMLostModeEnabled: command.requestType === 'EnableLostMode' };
      if (command.requestType === 'DisableLostMode') device.location = null;
      return;
    case 'Settings': {
      const name = command.summary.match(/^Rename to "(.*)"$/)?.[1];
      if (name) device.name = name;
      return;
    }
    default:
      return;
  }
}

/** What is worth keeping from a command's answer for the command history. */
export function resultOf(report: PlistDict): Record<string, ReturnType<typeof plistToJson>> {
  const { UDID: _udid, Status: _status, CommandUUID: _uuid, ErrorChain: _chain, ...rest } = report;
  return jsonRecord(rest) ?? {};
}

/** Capacity figures in GB, battery 0..1 and MAC addresses from DeviceInformation. */
export function hardwareFacts(device: StoredDevice): { capacityGb: number | null; availableGb: number | null; batteryLevel: number | null; macAddresses: Record<string, string> } {
  const number = (key: string) => (typeof device.information[key] === 'number' ? (device.information[key] as number) : null);
  const macAddresses: Record<string, string> = {};
  for (const [key, label] of [['WiFiMAC', 'Wi-Fi'], ['BluetoothMAC', 'Bluetooth'], ['EthernetMAC', 'Ethernet']] as const) {
    const value = device.information[key];
    if (typeof value === 'string' && value) macAddresses[label] = value;
    if (Array.isArray(value) && typeof value[0] === 'string') macAddresses[label] = value.join(', ');
  }
  return { capacityGb: number('DeviceCapacity'), availableGb: number('AvailableDeviceCapacity'), batteryLevel: number('BatteryLevel'), macAddresses };
}
