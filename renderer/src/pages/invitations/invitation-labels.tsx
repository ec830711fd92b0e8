import type { Invitation, invitationStatuses } from '../../../../contract/enrollment-models';

export type InvitationStatus = (typeof invitationStatuses)[number];

export const invitationStatusLabels: Record<InvitationStatus, string> = { pending: 'Pending', used: 'Used', expired: 'Expired', revoked: 'Revoked' };

/** Badge tone (see controls.css) for each status. */
export const invitationStatusTones: Record<InvitationStatus, string> = { pending: 'info', used: 'ok', expired: 'warning', revoked: 'error' };

/** The core sends no event when an invitation runs out of time, so the page works it out too. */
export function effectiveStatus(invitation: Invitation, now: number): InvitationStatus {
  if (invitation.status === 'pending' && Date.parse(invitation.expiresAt) <= now) return 'expired';
  return invitation.status;
}

export function invitationTitle(invitation: Pick<Invitation, 'id' | 'label' | 'userName' | 'email'>): string {
  return invitation.label || invitation.userName || invitation.email || `Invitation ${invitation.id.slice(0, 8)}`;
}

export function usesText(invitation: Pick<Invitation, 'uses' | 'maxUses'>): string {
  return `${invitation.uses} of ${invitation.maxUses}`;
}

export function kindText(invitation: Pick<Invitation, 'maxUses'>): string {
  return invitation.maxUses === 1 ? 'Single device' : `Office invitation, up to ${invitation.maxUses} devices`;
}

/** A file name made of the invitation's title: "invitation-annas-iphone". */
export function fileStem(invitation: Invitation): string {
  const slug = invitationTitle(invitation)
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60);
  return `invitation-${slug || invitation.id.slice(0, 8)}`;
}

export function InvitationStatusBadge({ status }: { status: InvitationStatus }) {
  return <span className={`badge badge-${invitationStatusTones[status]}`}>{invitationStatusLabels[status]}</span>;
}
