import type { EnrollmentModule } from '../../enrollment/enrollment-module';
import type { EventBus } from '../../events/event-bus';
import { invitationQrPng, invitationQrSvg } from '../../invitations/invitation-qr';
import { subjectOf } from '../../invitations/invitation-service';
import type { SettingsService } from '../../settings/settings-service';
import type { Handler } from '../dispatcher';

type Names =
  | 'invitations.create'
  | 'invitations.list'
  | 'invitations.get'
  | 'invitations.revoke'
  | 'invitations.qrPng'
  | 'invitations.qrSvg'
  | 'pki.status'
  | 'pki.importTlsCertificate'
  | 'pki.useOfficeTlsCertificate'
  | 'push.status'
  | 'push.importCertificate'
  | 'push.createCsr';

export function enrollmentHandlers(enrollment: EnrollmentModule, settings: SettingsService, events: EventBus): { [K in Names]: Handler<K> } {
  const publicHost = () => settings.get().network.publicHost;
  const organization = () => settings.get().organization.name;
  return {
    'invitations.create': async (input, context) => {
      const { invitation } = await enrollment.invitations.create(input);
      const stored = enrollment.invitations.byId(invitation.id)!;
      const uses = invitation.maxUses === 1 ? 'single use' : `up to ${invitation.maxUses} devices`;
      context.audit = { subject: subjectOf(stored), message: `Created invitation "${subjectOf(stored).label}" (${uses}, expires ${invitation.expiresAt.slice(0, 10)})` };
      events.emit('invitations.changed', invitation);
      return invitation;
    },
    'invitations.list': () => enrollment.invitations.list(),
    'invitations.get': ({ id }) => enrollment.invitations.get(id),
    'invitations.revoke': async ({ id }, context) => {
      const invitation = await enrollment.invitations.revoke(id);
      context.audit = { subject: subjectOf(enrollment.invitations.byId(id)!), message: `Revoked invitation "${subjectOf(enrollment.invitations.byId(id)!).label}"` };
      events.emit('invitations.changed', invitation);
      return invitation;
    },
    'invitations.qrPng': async ({ id }) => {
      const { url } = await enrollment.invitations.get(id);
      return { contentType: 'image/png', base64: (await invitationQrPng(url)).toString('base64') };
    },
    'invitations.qrSvg': async ({ id }) => {
      const { url } = await enrollment.invitations.get(id);
      return { contentType: 'image/svg+xml', base64: Buffer.from(await invitationQrSvg(url)).toString('base64') };
    },
    'pki.status': () => enrollment.pki.status(publicHost()),
    'pki.importTlsCertificate': async (input) => {
      const status = await enrollment.pki.importTls(input.certificatePem, input.privateKeyPem, input.chainPem, publicHost());
      enrollment.server.updateTls(await enrollment.pki.tlsCredentials());
      events.emit('pki.changed', status);
      return status;
    },
    'pki.useOfficeTlsCertificate': async () => {
      const status = await enrollment.pki.useOfficeTls(organization(), publicHost());
      enrollment.server.updateTls(await enrollment.pki.tlsCredentials());
      events.emit('pki.changed', status);
      return status;
    },
    'push.status': () => enrollment.push.status(),
    'push.importCertificate': async (input, context) => {
      const result = await enrollment.push.import(input);
      context.audit = { message: `Imported the Apple push certificate (topic ${result.topic}, valid until ${result.notAfter.slice(0, 10)})${result.warning ? ` — ${result.warning}` : ''}` };
      return result;
    },
    'push.createCsr': (input) => enrollment.push.createCsr(input),
  };
}
