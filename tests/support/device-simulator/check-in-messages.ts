import type { DeviceFacts } from './device-facts';
import type { PlistValue } from './plist-codec';

type Message = Record<string, PlistValue | undefined>;

/** Authenticate: the first check-in, sent right after the identity is obtained. */
export function authenticateMessage(facts: DeviceFacts, topic: string): Message {
  const common = {
    MessageType: 'Authenticate',
    Topic: topic,
    UDID: facts.udid,
    BuildVersion: facts.buildVersion,
    DeviceName: facts.deviceName,
    Model: facts.model,
    ModelName: facts.modelName,
    OSVersion: facts.osVersion,
    ProductName: facts.productName,
    SerialNumber: facts.serialNumber,
  };
  return facts.platform === 'ios' ? { ...common, IMEI: facts.imei, MEID: facts.meid } : common;
}

export interface TokenUpdateValues {
  token: Buffer;
  pushMagic: string;
  /** iOS/iPadOS only, and only when AccessRights allows passcode removal (4). */
  unlockToken: Buffer | undefined;
  awaitingConfiguration?: boolean;
}

export function tokenUpdateMessage(facts: DeviceFacts, topic: string, values: TokenUpdateValues): Message {
  return {
    MessageType: 'TokenUpdate',
    Topic: topic,
    UDID: facts.udid,
    Token: values.token,
    PushMagic: values.pushMagic,
    UnlockToken: values.unlockToken,
    AwaitingConfiguration: values.awaitingConfiguration ?? false,
    ...(facts.platform === 'macos' ? { NotOnConsole: false } : {}),
  };
}

export function checkOutMessage(facts: DeviceFacts, topic: string): Message {
  return { MessageType: 'CheckOut', Topic: topic, UDID: facts.udid };
}
