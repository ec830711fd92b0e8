import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export type Platform = 'ios' | 'ipados' | 'macos';

/** What a device reports about itself in Authenticate and DeviceInformation. */
export interface DeviceFacts {
  platform: Platform;
  udid: string;
  serialNumber: string;
  deviceName: string;
  model: string;
  modelName: string;
  productName: string;
  osVersion: string;
  buildVersion: string;
  imei: string | undefined;
  meid: string | undefined;
  wifiMac: string;
  bluetoothMac: string;
  ethernetMac: string | undefined;
  /** GB, as DeviceInformation reports them. */
  deviceCapacity: number;
  availableDeviceCapacity: number;
  batteryLevel: number | undefined;
}

export interface DeviceFactOptions {
  platform: Platform;
  udid?: string | undefined;
  serialNumber?: string | undefined;
  name?: string | undefined;
  model?: string | undefined;
  osVersion?: string | undefined;
}

const CATALOG: Record<Platform, { model: string; modelName: string; productName: string; osVersion: string; buildVersion: string; capacity: number }> = {
  ios: { model: 'MTLW3LL/A', modelName: 'iPhone', productName: 'iPhone16,1', osVersion: '18.1', buildVersion: '22B83', capacity: 128 },
  ipados: { model: 'MUWD3LL/A', modelName: 'iPad Air', productName: 'iPad14,8', osVersion: '18.1', buildVersion: '22B83', capacity: 256 },
  macos: { model: 'Mac15,12', modelName: 'MacBook Air', productName: 'Mac15,12', osVersion: '15.1', buildVersion: '24B83', capacity: 512 },
};

export function createDeviceFacts(options: DeviceFactOptions): DeviceFacts {
  const catalog = CATALOG[options.platform];
  const serialNumber = options.serialNumber ?? randomSerial();
  const isPhone = options.platform === 'ios';
  return {
    platform: options.platform,
    udid: options.udid ?? randomUdid(options.platform),
    serialNumber,
    deviceName: options.name ?? `${catalog.modelName} ${serialNumber.slice(-4)}`,
    model: options.model ?? catalog.model,
    modelName: catalog.modelName,
    productName: catalog.productName,
    osVersion: options.osVersion ?? catalog.osVersion,
    buildVersion: catalog.buildVersion,
    imei: isPhone ? randomImei() : undefined,
    meid: isPhone ? randomBytes(7).toString('hex').toUpperCase() : undefined,
    wifiMac: randomMac(),
    bluetoothMac: randomMac(),
    ethernetMac: options.platform === 'macos' ? randomMac() : undefined,
    deviceCapacity: catalog.capacity * 0.93,
    availableDeviceCapacity: Math.round(catalog.capacity * 0.93 * 0.61 * 100) / 100,
    batteryLevel: options.platform === 'macos' ? undefined : 0.87,
  };
}

/** Modern Apple devices use 25-character UDIDs like 00008110-001A2C3E0E38801E; Macs report a UUID. */
function randomUdid(platform: Platform): string {
  if (platform === 'macos') return randomUUID().toUpperCase();
  return `0000${platform === 'ios' ? '8120' : '8103'}-${randomBytes(8).toString('hex').toUpperCase()}`;
}

/** Randomised 10-character serial numbers, as Apple has issued since 2021. */
function randomSerial(): string {
  const alphabet = 'BCDFGHJKLMNPQRTVWXYZ0123456789';
  return Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function randomMac(): string {
  const bytes = randomBytes(6);
  bytes[0] = ((bytes[0] ?? 0) & 0xfc) | 0x02; // locally administered, unicast
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** 15 digits with a Luhn check digit; "35" is a GSMA reporting body prefix. */
function randomImei(): string {
  const body = `35${Array.from({ length: 12 }, () => randomInt(10)).join('')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}
