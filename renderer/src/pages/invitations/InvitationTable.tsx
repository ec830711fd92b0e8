import type { Invitation } from '../../../../contract/enrollment-models';
import { pathTo } from '../../app/paths';
import { RelativeTime } from '../../components/RelativeTime';
import { formatDate } from '../../components/time-format';
import { useNow } from '../../components/use-now';
import { effectiveStatus, InvitationStatusBadge, invitationTitle, usesText } from './invitation-labels';

export function InvitationTable({ invitations }: { invitations: readonly Invitation[] }) {
  const now = useNow();
  return (
    <div className="table-wrap">
      <table className="data-table invitation-table">
        <caption className="visually-hidden">Invitations, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Invitation</th>
            <th scope="col">Status</th>
            <th scope="col" className="number">
              Uses
            </th>
            <th scope="col">Expires</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => {
            const status = effectiveStatus(invitation, now);
            const who = [invitation.label ? invitation.userName : '', invitation.email].filter(Boolean).join(' · ');
            return (
              <tr key={invitation.id} data-status={status}>
                <th scope="row">
                  <a href={`#${pathTo('/invitations/:id', { id: invitation.id })}`}>{invitationTitle(invitation)}</a>
                  {who && <span className="cell-detail">{who}</span>}
                </th>
                <td>
                  <InvitationStatusBadge status={status} />
                </td>
                <td className="number nowrap">{usesText(invitation)}</td>
                <td className="nowrap">
                  <span title={invitation.expiresAt}>{formatDate(invitation.expiresAt)}</span>
                  {status === 'pending' && (
                    <span className="cell-detail">
                      <RelativeTime iso={invitation.expiresAt} />
                    </span>
                  )}
                </td>
                <td className="nowrap">
                  <RelativeTime iso={invitation.createdAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
