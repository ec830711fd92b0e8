import type { PlistDict } from '../plist/plist-codec';
import type { DeviceIdentity } from './device-identity';
import type { CheckinMessage, CommandReport } from './protocol-messages';

/** A device request after transport checks: who sent it and which invitation its URL names. */
export interface MdmRequest {
  udid: string;
  identity: DeviceIdentity;
  invitationId: string | null;
  /** The whole decoded plist, for command-specific answer keys. */
  raw: PlistDict;
}

export interface MdmReply {
  status: number;
  body?: string | Buffer;
  contentType?: string;
}

export const emptyReply: MdmReply = { status: 200 };

/** NanoMDM's service shape: one method per channel; decorators wrap it with the same interface. */
export interface CheckinAndCommandService {
  checkin(request: MdmRequest, message: CheckinMessage): Promise<MdmReply>;
  commandReport(request: MdmRequest, report: CommandReport): Promise<MdmReply>;
}
