import { z } from 'zod';
import type { PlistDict } from '../plist/plist-codec';

/** A refused device request: answered 400 (never 401/403) with this reason logged. */
export class DeviceRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const data = z.instanceof(Uint8Array);
const text = z.string().max(1024);

const ids = {
  UDID: z.string().min(1).max(200).optional(),
  EnrollmentID: z.string().min(1).max(200).optional(),
  UserID: z.string().max(200).optional(),
  Topic: text.optional(),
};

const Authenticate = z.looseObject({
  MessageType: z.literal('Authenticate'),
  ...ids,
  DeviceName: text.optional(),
  Model: text.optional(),
  ModelName: text.optional(),
  ProductName: text.optional(),
  SerialNumber: text.optional(),
  OSVersion: text.optional(),
  BuildVersion: text.optional(),
});

const TokenUpdate = z.looseObject({
  MessageType: z.literal('TokenUpdate'),
  ...ids,
  Token: data,
  PushMagic: z.string().min(1).max(200),
  UnlockToken: data.optional(),
  AwaitingConfiguration: z.boolean().optional(),
});

const simple = <T extends string>(type: T) => z.looseObject({ MessageType: z.literal(type), ...ids });

export const CheckinMessage = z.discriminatedUnion('MessageType', [
  Authenticate,
  TokenUpdate,
  simple('CheckOut'),
  simple('UserAuthenticate'),
  z.looseObject({ MessageType: z.literal('SetBootstrapToken'), ...ids, BootstrapToken: data.optional(), AwaitingConfiguration: z.boolean().optional() }),
  simple('GetBootstrapToken'),
  simple('DeclarativeManagement'),
  simple('GetToken'),
]);
export type CheckinMessage = z.infer<typeof CheckinMessage>;

export const checkinTypes = ['Authenticate', 'TokenUpdate', 'CheckOut', 'UserAuthenticate', 'SetBootstrapToken', 'GetBootstrapToken', 'DeclarativeManagement', 'GetToken'];

export const commandStatusValues = ['Idle', 'Acknowledged', 'Error', 'CommandFormatError', 'NotNow'] as const;

export const CommandReport = z.looseObject({
  ...ids,
  Status: z.enum(commandStatusValues),
  CommandUUID: z.string().min(1).max(200).optional(),
  ErrorChain: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type CommandReport = z.infer<typeof CommandReport>;

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid message';
}

/** Reads a check-in message; an unknown type or missing keys is a DeviceRequestError. */
export function decodeCheckin(dict: PlistDict): CheckinMessage & { UDID: string } {
  const type = dict.MessageType;
  if (typeof type !== 'string') throw new DeviceRequestError('check-in without MessageType');
  if (!checkinTypes.includes(type)) throw new DeviceRequestError(`unknown check-in MessageType "${type.slice(0, 60)}"`);
  const parsed = CheckinMessage.safeParse(dict);
  if (!parsed.success) throw new DeviceRequestError(`malformed ${type} check-in (${describe(parsed.error)})`);
  return { ...parsed.data, UDID: deviceIdOf(parsed.data) };
}

export function decodeReport(dict: PlistDict): CommandReport & { UDID: string } {
  const parsed = CommandReport.safeParse(dict);
  if (!parsed.success) throw new DeviceRequestError(`malformed command report (${describe(parsed.error)})`);
  if (parsed.data.Status !== 'Idle' && !parsed.data.CommandUUID) throw new DeviceRequestError(`a ${parsed.data.Status} report needs a CommandUUID`);
  return { ...parsed.data, UDID: deviceIdOf(parsed.data) };
}

/** Device channel only: user-channel (UserID) and User Enrollment (EnrollmentID) requests are not served. */
function deviceIdOf(message: { UDID?: string | undefined; EnrollmentID?: string | undefined; UserID?: string | undefined }): string {
  if (message.UDID) return message.UDID;
  if (message.EnrollmentID) throw new DeviceRequestError('User Enrollment (EnrollmentID) is not supported');
  throw new DeviceRequestError('the message carries no UDID');
}
