import type { DeviceContext } from '../device-state';
import { acknowledged, formatError, type CommandOutcome } from '../error-chain';
import { arrayField, type PlistDict, type PlistValue } from '../plist-codec';

/** DeviceInformation: answers each requested query the device knows; unknown queries are left out, as devices do. */
export function deviceInformation(command: PlistDict, device: DeviceContext): CommandOutcome {
  const queries = arrayField(command, 'Queries');
  if (!queries || !queries.every((q) => typeof q === 'string')) return formatError('Queries must be an array of strings');
  const known = knownAnswers(device);
  const allowDevice = (device.accessRights & 16) !== 0;
  const allowNetwork = (device.accessRights & 32) !== 0;
  const responses: PlistDict = {};
  for (const query of queries as string[]) {
    const value = known[query];
    if (value === undefined) continue;
    if (NETWORK_QUERIES.has(query) ? !allowNetwork : !allowDevice) continue;
    responses[query] = value;
  }
  return acknowledged({ QueryResponses: responses });
}

const NETWORK_QUERIES = new Set(['WiFiMAC', 'BluetoothMAC', 'EthernetMAC', 'EthernetMACs', 'IMEI', 'MEID', 'ICCID', 'IsRoaming', 'LocalHostName', 'HostName']);

function knownAnswers(device: DeviceContext): Record<string, PlistValue | undefined> {
  const { facts } = device.state;
  const mobile = device.platform !== 'macos';
  const common: Record<string, PlistValue | undefined> = {
    UDID: facts.udid,
    DeviceName: facts.deviceName,
    OSVersion: facts.osVersion,
    BuildVersion: facts.buildVersion,
    ProductName: facts.productName,
    Model: facts.model,
    ModelName: facts.modelName,
    SerialNumber: facts.serialNumber,
    DeviceCapacity: facts.deviceCapacity,
    AvailableDeviceCapacity: facts.availableDeviceCapacity,
    IsSupervised: device.supervised,
    IsActivationLockEnabled: false,
    IsDeviceLocatorServiceEnabled: true,
    IsDoNotDisturbInEffect: false,
    AwaitingConfiguration: false,
    WiFiMAC: facts.wifiMac,
    BluetoothMAC: facts.bluetoothMac,
    EASDeviceIdentifier: `EAS${facts.serialNumber}`,
    SoftwareUpdateDeviceID: facts.productName.replace(',', '').toUpperCase(),
    Languages: ['en-US'],
    Locales: ['en_US'],
  };
  if (mobile) {
    return {
      ...common,
      BatteryLevel: facts.batteryLevel,
      IsMDMLostModeEnabled: device.state.lostMode.enabled,
      IsCloudBackupEnabled: true,
      PasscodePresent: device.state.passcodePresent,
      IMEI: facts.imei,
      MEID: facts.meid,
      ModemFirmwareVersion: facts.imei ? '2.11.02' : undefined,
      IsRoaming: facts.imei ? false : undefined,
      TimeZone: 'Europe/Paris',
    };
  }
  const host = facts.deviceName.replace(/[^A-Za-z0-9-]+/g, '-');
  return {
    ...common,
    EthernetMAC: facts.ethernetMac,
    EthernetMACs: facts.ethernetMac ? [facts.ethernetMac] : undefined,
    SystemIntegrityProtectionEnabled: true,
    IsAppleSilicon: true,
    HostName: `${host}.local`,
    LocalHostName: host,
    SupportsLOMDevice: false,
    IsActivationLockSupported: true,
  };
}
