import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../device-server/respond';
import { BodyTooLargeError, readBody } from '../http/read-body';
import { parsePlistDict, PlistDecodeError } from '../plist/plist-codec';
import type { DeviceIdentityVerifier } from './device-identity';
import type { CheckinAndCommandService, MdmReply } from './mdm-request';
import { decodeCheckin, decodeReport, DeviceRequestError } from './protocol-messages';
import type { RejectionLog } from './rejection-log';

/** Handles a request on the check-in or the command channel. */
export type MdmHandler = (request: IncomingMessage, response: ServerResponse, channel: 'checkin' | 'server', url: URL) => Promise<void>;

export const checkinContentType = 'application/x-apple-aspen-mdm-checkin';
export const commandContentType = 'application/x-apple-aspen-mdm';

/** Check-ins are small; command answers (app and profile lists) can be large. */
export const bodyLimits = { checkin: 256 * 1024, server: 8 * 1024 * 1024 };

/**
 * HTTP glue of the MDM endpoints: PUT only, the right content type, a size
 * limit (413), a plist body kept as bytes (XML or binary), the sender's
 * identity, then the service chain. Every refusal is a 4xx with its reason
 * logged; only the service decides on 401.
 */
export function mdmHttpHandler(deps: { service: CheckinAndCommandService; identity: DeviceIdentityVerifier; rejections: RejectionLog }): MdmHandler {
  return async (request: IncomingMessage, response: ServerResponse, channel, url) => {
    const source = request.socket.remoteAddress ?? 'unknown';
    const refuse = async (status: number, reason: string) => {
      await deps.rejections.record(source, status, reason);
      send(response, status, 'text/plain; charset=utf-8', `${reason}\n`, status === 405 ? { allow: 'PUT' } : {});
    };
    if (request.method !== 'PUT') return refuse(405, `${request.method} is not allowed on the MDM endpoints; devices use PUT`);
    let body: Buffer;
    try {
      body = await readBody(request, bodyLimits[channel]);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        await deps.rejections.record(source, 413, error.message);
        send(response, 413, 'text/plain; charset=utf-8', `${error.message}\n`, { connection: 'close' });
        return;
      }
      throw error;
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const isCheckin = type === checkinContentType;
    if (!isCheckin && type !== commandContentType) return refuse(400, `unexpected content type "${type.slice(0, 80)}"`);
    if (channel === 'checkin' && !isCheckin) return refuse(400, 'command answers go to the ServerURL, not the CheckInURL');
    try {
      const dict = parsePlistDict(body);
      const identity = deps.identity.identify(request, body);
      const invitation = url.searchParams.get('invitation');
      const invitationId = invitation && /^[A-Za-z0-9-]{1,100}$/.test(invitation) ? invitation : null;
      let reply: MdmReply;
      if (isCheckin) {
        const message = decodeCheckin(dict);
        reply = await deps.service.checkin({ udid: message.UDID, identity, invitationId, raw: dict }, message);
      } else {
        const report = decodeReport(dict);
        reply = await deps.service.commandReport({ udid: report.UDID, identity, invitationId, raw: dict }, report);
      }
      if (reply.status >= 400) await deps.rejections.record(source, reply.status, String(reply.body ?? 'refused').trim());
      send(response, reply.status, reply.contentType ?? 'text/plain; charset=utf-8', reply.body ?? '');
    } catch (error) {
      if (error instanceof DeviceRequestError || error instanceof PlistDecodeError) return refuse(error instanceof DeviceRequestError ? error.status : 400, error.message);
      throw error;
    }
  };
}
