import type { ActivityLog } from '../activity/activity-log';
import type { DeviceRegistry } from '../devices/device-registry';
import type { CheckinAndCommandService, MdmReply, MdmRequest } from './mdm-request';
import { DeviceRequestError, type CheckinMessage, type CommandReport } from './protocol-messages';

/**
 * Binds a device to its identity certificate (NanoMDM's certauth): the
 * certificate seen at Authenticate is the only one accepted afterwards. A
 * device the admin removed gets 401, which makes it unenroll; every other
 * refusal is a 400 so a confused device is never unenrolled by accident.
 */
export class CertAuthService implements CheckinAndCommandService {
  constructor(
    private readonly next: CheckinAndCommandService,
    private readonly devices: DeviceRegistry,
    private readonly activity: ActivityLog,
  ) {}

  async checkin(request: MdmRequest, message: CheckinMessage): Promise<MdmReply> {
    const device = this.devices.byUdid(request.udid);
    if (message.MessageType === 'Authenticate') {
      if (device && device.enrollmentStatus !== 'removed' && device.certificateSha256 !== request.identity.sha256) {
        await this.activity.record({ actor: 'device', action: 'Identity changed', outcome: 'warning', message: `${device.name} re-enrolled with a new identity certificate`, subject: { type: 'device', id: device.id, label: device.name } });
      }
      return this.next.checkin(request, message);
    }
    const refusal = this.check(request);
    return refusal ?? this.next.checkin(request, message);
  }

  async commandReport(request: MdmRequest, report: CommandReport): Promise<MdmReply> {
    return this.check(request) ?? this.next.commandReport(request, report);
  }

  private check(request: MdmRequest): MdmReply | null {
    const device = this.devices.byUdid(request.udid);
    if (!device) throw new DeviceRequestError(`unknown device ${request.udid}: it has not authenticated`);
    if (device.enrollmentStatus === 'removed') return { status: 401, body: 'this device was removed from management', contentType: 'text/plain; charset=utf-8' };
    if (device.certificateSha256 !== request.identity.sha256) {
      throw new DeviceRequestError(`the identity certificate does not belong to device ${device.name} (${request.udid})`);
    }
    return null;
  }
}
