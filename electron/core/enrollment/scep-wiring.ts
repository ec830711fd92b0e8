import type { Settings } from '../../../contract/models';
import type { ActivityLog } from '../activity/activity-log';
import type { DeviceRouter } from '../device-server/device-router';
import { subjectOf, type InvitationService } from '../invitations/invitation-service';
import type { Logger } from '../logger';
import type { OfficePki } from '../office-pki/office-pki';
import type { CertKeyPem } from '../pki/certificates';
import { handleScepHttp } from '../pki/scep/http-adapter';
import { ScepService } from '../pki/scep/scep-service';
import type { LanyardStore } from '../store/lanyard-store';

/** Keeps this many SCEP transactions, so a device's retry gets its certificate again. */
const transactionsKept = 5_000;

/** Connects the SCEP protocol engine to invitations, the store and the activity log. */
export function createScepService(deps: {
  ca: CertKeyPem;
  settings(): Settings;
  pki: OfficePki;
  invitations: InvitationService;
  store: LanyardStore;
  activity: ActivityLog;
  logger: Logger;
}): ScepService {
  const { invitations, store, activity } = deps;
  // The invitation a refused request claimed, by transaction, so the refusal is logged against it.
  const claimed = new Map<string, string>();
  return new ScepService({
    ca: deps.ca,
    get validityDays() {
      return deps.settings().enrollment.deviceCertificateValidityDays;
    },
    checkChallenge: async (challenge, request) => {
      const id = await deps.pki.invitationOfChallenge(challenge);
      const invitation = id ? invitations.byId(id) : null;
      if (!invitation) {
        const claimedId = challenge.includes('.') ? challenge.slice(0, challenge.lastIndexOf('.')) : '';
        if (invitations.byId(claimedId)) claimed.set(request.transactionId, claimedId);
        return { ok: false, reason: 'wrong challenge' };
      }
      const refusal = invitations.certificateRefusal(invitation);
      if (refusal) claimed.set(request.transactionId, invitation.id);
      return refusal ? { ok: false, reason: refusal } : { ok: true, invitationId: invitation.id };
    },
    transactions: {
      get: async (transactionId) => store.collection('scepTransactions').get(transactionId)?.certificatePem,
      put: async () => undefined,
    },
    onIssued: async ({ invitationId, certificatePem, subject, transactionId }) => {
      const invitation = invitations.byId(invitationId);
      await store.update((tx) => {
        const kept = store.collection('scepTransactions');
        tx.put('scepTransactions', { transactionId, certificatePem, invitationId, at: new Date().toISOString() });
        while (kept.size > transactionsKept) tx.delete('scepTransactions', kept.oldest()!.transactionId);
        if (invitation) invitations.countCertificate(invitation, tx, { actor: 'device', action: 'Certificate issued', outcome: 'ok', message: `Device certificate issued by SCEP (${subject})`, subject: subjectOf(invitation) });
      });
    },
    onRejected: async ({ reason, invitationId, transactionId }) => {
      const claimedId = invitationId ?? (transactionId ? claimed.get(transactionId) : undefined);
      if (transactionId) claimed.delete(transactionId);
      const invitation = claimedId ? invitations.byId(claimedId) : null;
      await activity.record({ actor: 'device', action: 'Certificate refused', outcome: 'error', message: `SCEP request refused: ${reason}`, ...(invitation ? { subject: subjectOf(invitation) } : {}) });
    },
    onError: (error) => deps.logger.error(`SCEP: ${(error as Error).stack ?? error}`),
  });
}

/** SCEP at `/scep`, over HTTPS only; `scep` is the current service (it is made again when the office CA is). */
export function registerScepRoute(router: DeviceRouter, scep: () => ScepService): void {
  router.register({ path: '/scep', secureOnly: true, handle: ({ request, response }) => handleScepHttp(scep(), request, response) });
}
