import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useLanyard } from '../../state/app-context';
import { CreateInvitationForm } from './CreateInvitationForm';
import { InvitationTable } from './InvitationTable';
import { PushBlockedAlert } from './PushBlockedAlert';
import './invitations.css';

/** Create invitations and see how each is used; one opens on its own page with its QR code. */
export function InvitationsPage() {
  const invitations = useLanyard((s) => s.invitations);
  const blockedReason = useLanyard((s) => s.invitations.items[0]?.blockedReason ?? (s.push.value && !s.push.value.configured ? 'no Apple push certificate has been imported yet' : null));
  return (
    <div className="page invitations-page">
      <PageHeader title="Invitations">
        <p>Devices join through an invitation: a link and QR code that lead the device user through trusting the office and enrolling.</p>
      </PageHeader>
      <div className="stack">
        {blockedReason && <PushBlockedAlert reason={blockedReason} />}
        <CreateInvitationForm />
        <section aria-labelledby="invitation-list-title">
          <h2 id="invitation-list-title">All invitations</h2>
          {invitations.error && (
            <p className="notice notice-error" role="alert">
              {invitations.error}
            </p>
          )}
          {!invitations.loaded && !invitations.error ? (
            <Loading text="Loading invitations…" />
          ) : invitations.items.length === 0 ? (
            <p className="muted">No invitations yet. Create one above.</p>
          ) : (
            <InvitationTable invitations={invitations.items} />
          )}
        </section>
      </div>
    </div>
  );
}
