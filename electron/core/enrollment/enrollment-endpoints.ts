import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Settings } from '../../../contract/models';
import { refusalFor, subjectOf, type InvitationService } from '../invitations/invitation-service';
import type { ActivityLog } from '../activity/activity-log';
import { sha256Fingerprint } from '../pki/certificates';
import type { OfficePki } from '../office-pki/office-pki';
import type { RsaKeyPool } from '../pki/rsa-key-pool';
import type { LanyardStore } from '../store/lanyard-store';
import type { DeviceRouter } from '../device-server/device-router';
import { send, sendHtml } from '../device-server/respond';
import { buildEnrollmentProfile, type DeviceIdentity } from './enrollment-profile';
import { invitationProblemPage, landingPage, platformOf } from './landing-page';
import { issueDeviceIdentityP12 } from './device-identity';
import { buildTrustProfile } from './trust-profile';
import type { StoredInvitation } from '../store/schema';

export interface EnrollmentContext {
  store: LanyardStore;
  pki: OfficePki;
  /** Keys for PKCS#12 identities, made ahead so issuing one never generates a key. */
  keys: RsaKeyPool;
  invitations: InvitationService;
  activity: ActivityLog;
  settings(): Settings;
  /** https://host:port of the device-facing server. */
  serverBase(): string;
  /** The push topic, or null with the reason no MDM profile can be offered. */
  pushTopic(): { topic: string } | { blocked: string };
}

const profileType = 'application/x-apple-aspen-config';

/** The pages and profiles a device fetches with its invitation token. */
export class EnrollmentEndpoints {
  constructor(private readonly ctx: EnrollmentContext) {}

  /**
   * `/enroll/<token>` (the landing page) and its trust profile are served over
   * plain HTTP too; the enrollment profile, which carries the SCEP challenge,
   * over HTTPS only.
   */
  register(router: DeviceRouter): void {
    const methods = ['GET', 'HEAD'];
    router.register({ methods, path: /^\/enroll\/([^/]+)\/?$/, secureOnly: false, handle: ({ request, response, match, secure }) => this.landing(tokenOf(match), request, response, secure) });
    router.register({ methods, path: /^\/enroll\/([^/]+)\/trust\.mobileconfig\/?$/, secureOnly: false, handle: ({ response, match }) => this.trustProfile(tokenOf(match), response) });
    router.register({ methods, path: /^\/enroll\/([^/]+)\/enroll\.mobileconfig\/?$/, secureOnly: true, handle: ({ response, match }) => this.enrollmentProfile(tokenOf(match), response) });
  }

  async landing(token: string, request: IncomingMessage, response: ServerResponse, secure: boolean): Promise<void> {
    const invitation = await this.usable(token, response, 'opened the invitation page');
    if (!invitation) return;
    const urls = this.ctx.invitations.urlsFor(token);
    const push = this.ctx.pushTopic();
    await this.ctx.invitations.log(invitation, 'info', 'Invitation opened', `Invitation page opened (${platformOf(request.headers['user-agent'])}, ${secure ? 'HTTPS' : 'HTTP'})`);
    sendHtml(
      response,
      200,
      landingPage({
        settings: this.ctx.settings(),
        platform: platformOf(request.headers['user-agent']),
        trustProfileUrl: urls.trustProfileUrl,
        profileUrl: urls.profileUrl,
        caFingerprint: sha256Fingerprint(this.ctx.pki.caCertificatePem()),
        blockedReason: 'blocked' in push ? push.blocked : null,
      }),
    );
  }

  async trustProfile(token: string, response: ServerResponse): Promise<void> {
    const invitation = await this.usable(token, response, 'downloaded the trust profile');
    if (!invitation) return;
    const xml = buildTrustProfile({ installationId: this.ctx.store.singleton('installationId'), settings: this.ctx.settings(), caCertificatePem: this.ctx.pki.caCertificatePem() });
    const signed = await this.ctx.pki.signProfile(Buffer.from(xml, 'utf8'));
    await this.ctx.invitations.log(invitation, 'ok', 'Trust profile downloaded', 'Trust profile (office root CA) downloaded');
    send(response, 200, profileType, signed, { 'content-disposition': 'attachment; filename="office-trust.mobileconfig"' });
  }

  async enrollmentProfile(token: string, response: ServerResponse): Promise<void> {
    const invitation = await this.usable(token, response, 'downloaded the enrollment profile');
    if (!invitation) return;
    const push = this.ctx.pushTopic();
    if ('blocked' in push) {
      await this.ctx.invitations.log(invitation, 'error', 'Enrollment profile refused', `Enrollment profile not offered: ${push.blocked}`);
      sendHtml(response, 503, invitationProblemPage(this.ctx.settings(), 'Enrollment is not available yet', `${push.blocked}.`));
      return;
    }
    const settings = this.ctx.settings();
    const identity = await this.identityFor(invitation, settings);
    if (!identity) {
      sendHtml(response, 410, invitationProblemPage(settings, 'This invitation cannot be used', 'Too many device certificates were already issued for this invitation.'));
      return;
    }
    const xml = buildEnrollmentProfile({
      installationId: this.ctx.store.singleton('installationId'),
      settings,
      caCertificatePem: this.ctx.pki.caCertificatePem(),
      invitationId: invitation.id,
      serverBase: this.ctx.serverBase(),
      topic: push.topic,
      identity,
    });
    const signed = await this.ctx.pki.signProfile(Buffer.from(xml, 'utf8'));
    await this.ctx.invitations.log(invitation, 'ok', 'Enrollment profile downloaded', `Enrollment profile downloaded (${identity.kind === 'scep' ? 'SCEP identity' : 'PKCS#12 identity'})`);
    send(response, 200, profileType, signed, { 'content-disposition': 'attachment; filename="enroll.mobileconfig"' });
  }

  private async identityFor(invitation: StoredInvitation, settings: Settings): Promise<DeviceIdentity | null> {
    const commonName = `Lanyard device (${subjectOf(invitation).label})`;
    if (settings.enrollment.identity === 'scep') {
      return { kind: 'scep', url: `${this.ctx.serverBase()}/scep`, challenge: await this.ctx.pki.challengeFor(invitation.id), subjectCommonName: commonName };
    }
    const refusal = this.ctx.invitations.certificateRefusal(invitation);
    if (refusal) {
      await this.ctx.invitations.log(invitation, 'error', 'Certificate refused', `Device identity refused: ${refusal}`);
      return null;
    }
    const issued = issueDeviceIdentityP12(await this.ctx.pki.ca(), await this.ctx.keys.take(), { commonName, organization: settings.organization.name, validityDays: settings.enrollment.deviceCertificateValidityDays });
    await this.ctx.store.update((tx) =>
      this.ctx.invitations.countCertificate(invitation, tx, { actor: 'device', action: 'Certificate issued', outcome: 'ok', message: `Device identity issued inside the profile (PKCS#12, ${issued.subject})`, subject: subjectOf(invitation) }),
    );
    return { kind: 'pkcs12', p12: issued.p12, password: issued.password };
  }

  /** The invitation for a token if it may be used; otherwise answers 404 or 410 and logs why. */
  private async usable(token: string, response: ServerResponse, attempt: string): Promise<StoredInvitation | null> {
    const settings = this.ctx.settings();
    const invitation = this.ctx.invitations.byToken(token);
    if (!invitation) {
      await this.ctx.activity.record({ actor: 'device', action: 'Unknown invitation', outcome: 'error', message: `A device ${attempt} with an unknown invitation link` });
      sendHtml(response, 404, invitationProblemPage(settings, 'This invitation link is not valid', 'The link may be mistyped or incomplete.'));
      return null;
    }
    const status = this.ctx.invitations.status(invitation);
    if (status !== 'pending') {
      const reason = refusalFor(status);
      await this.ctx.invitations.log(invitation, 'error', 'Invitation refused', `A device ${attempt}, refused: ${reason}`);
      sendHtml(response, 410, invitationProblemPage(settings, 'This invitation can no longer be used', `Sorry, ${reason}.`));
      return null;
    }
    return invitation;
  }
}

function tokenOf(match: RegExpExecArray): string {
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return '';
  }
}
