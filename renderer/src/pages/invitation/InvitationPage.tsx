import { useEffect, useState } from 'react';
import type { Invitation } from '../../../../contract/enrollment-models';
import type { PageProps } from '../../app/paths';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyField } from '../../components/CopyField';
import { blobFromBase64, downloadFile } from '../../components/download';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { formatDateTime } from '../../components/time-format';
import { useNow } from '../../components/use-now';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { effectiveStatus, fileStem, type InvitationStatus, InvitationStatusBadge, invitationStatusLabels, invitationTitle, kindText, usesText } from '../invitations/invitation-labels';
import { PushBlockedAlert } from '../invitations/PushBlockedAlert';
import { invitationMailto } from './invitation-mail';
import { PrintSheet } from './PrintSheet';
import { StepLog } from './StepLog';
import './invitation.css';

/** One invitation: its QR code large, the link to copy, send or print, revoking it, and every step taken with it. */
export function InvitationPage({ params }: PageProps) {
  const id = params.id ?? '';
  const invitation = useLanyard((s) => s.invitations.items.find((i) => i.id === id) ?? null);
  const listLoaded = useLanyard((s) => s.invitations.loaded);
  const listError = useLanyard((s) => s.invitations.error);
  const settings = useLanyard((s) => s.settings);
  const qr = useLanyard((s) => (invitation ? s.qrCodes[invitation.url] : undefined));
  const { openSubjectLog, closeSubjectLog, loadInvitationQr } = useActions();
  const [qrError, setQrError] = useState<string | null>(null);
  const now = useNow();

  useEffect(() => {
    void openSubjectLog(id);
    return () => closeSubjectLog(id);
  }, [id, openSubjectLog, closeSubjectLog]);

  const url = invitation?.url;
  useEffect(() => {
    if (!url) return;
    setQrError(null);
    loadInvitationQr({ id, url }).catch((error: unknown) => setQrError(errorText(error)));
  }, [id, url, loadInvitationQr]);

  if (!invitation || !settings) {
    return (
      <div className="page invitation-page">
        <BackLink />
        <PageHeader title="Invitation" />
        {listError ? (
          <p className="notice notice-error" role="alert">
            {listError}
          </p>
        ) : listLoaded ? (
          <p className="notice notice-error" role="alert">
            There is no invitation with this address. It may have been created on another Lanyard server.
          </p>
        ) : (
          <Loading text="Loading the invitation…" />
        )}
      </div>
    );
  }

  const status = effectiveStatus(invitation, now);
  const title = invitationTitle(invitation);
  return (
    <div className="page invitation-page">
      <BackLink />
      <PageHeader title={title}>
        <p>
          {kindText(invitation)}
          {invitation.userName && invitation.label ? ` for ${invitation.userName}` : ''}
          {invitation.email ? ` (${invitation.email})` : ''}
        </p>
      </PageHeader>
      <div className="stack">
        {invitation.blockedReason && status === 'pending' && <PushBlockedAlert reason={invitation.blockedReason} />}
        {status !== 'pending' && (
          <p className="alert alert-warning" role="status">
            This invitation is {invitationStatusLabels[status].toLowerCase()}: its link and QR code no longer work.{' '}
            {status === 'revoked' ? 'Devices that already enrolled with it stay enrolled.' : 'Create a new invitation for more devices.'}
          </p>
        )}
        <div className="invitation-layout">
          <QrCard invitation={invitation} qr={qr} qrError={qrError} active={status === 'pending'} />
          <DetailsCard invitation={invitation} status={status} />
        </div>
        <StepLog />
      </div>
      {qr && status === 'pending' && <PrintSheet invitation={invitation} settings={settings} qr={qr} />}
    </div>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <a href="#/invitations">← All invitations</a>
    </p>
  );
}

function QrCard({ invitation, qr, qrError, active }: { invitation: Invitation; qr: string | undefined; qrError: string | null; active: boolean }) {
  const settings = useLanyard((s) => s.settings)!;
  const { invitationQrSvg } = useActions();
  const [message, setMessage] = useState<string | null>(null);
  const stem = fileStem(invitation);

  const downloadPng = () => {
    if (!qr) return;
    const [head, base64 = ''] = qr.split(',');
    downloadFile(`${stem}.png`, blobFromBase64(base64, head?.slice(5, head.indexOf(';')) || 'image/png'));
  };
  const downloadSvg = async () => {
    setMessage(null);
    try {
      const svg = await invitationQrSvg(invitation.id);
      downloadFile(`${stem}.svg`, blobFromBase64(svg.base64, svg.contentType));
    } catch (error) {
      setMessage(`The SVG could not be downloaded. ${errorText(error)}`);
    }
  };

  return (
    <section className={`card qr-card${active ? '' : ' qr-card-inactive'}`} aria-labelledby="qr-title">
      <h2 id="qr-title">QR code</h2>
      <div className="qr-frame">
        {qr ? (
          <img className="qr-image" src={qr} alt={`QR code of the invitation link for ${invitationTitle(invitation)}`} width={400} height={400} />
        ) : qrError ? (
          <p className="notice notice-error" role="alert">
            The QR code could not be loaded. {qrError}
          </p>
        ) : (
          <Loading text="Loading the QR code…" />
        )}
      </div>
      <p className="muted qr-caption">
        {active ? 'Point the camera of the iPhone or iPad at this code, then tap the link that appears.' : 'This code no longer works.'}
      </p>
      <CopyField id="invitation-url" label="Invitation link" value={invitation.url} />
      {active && (
        <div className="button-row">
          <button type="button" className="button" onClick={downloadPng} disabled={!qr}>
            Download PNG
          </button>
          <button type="button" className="button" onClick={() => void downloadSvg()}>
            Download SVG
          </button>
          <button type="button" className="button" onClick={() => window.print()} disabled={!qr}>
            Print
          </button>
          <a className="button" href={invitationMailto(invitation, settings)}>
            Send by email
          </a>
        </div>
      )}
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      {active && (
        <div className="agent-enrol" aria-labelledby="agent-enrol-title">
          <h3 id="agent-enrol-title">Enrol a PC</h3>
          <p className="muted">
            On the PC, with the Lanyard agent installed, run this once (as administrator). The link carries the office CA's fingerprint, so the agent checks it
            reached this Lanyard before it sends anything. The same invitation works for Apple devices and PCs.
          </p>
          <CopyField id="invitation-agent-command" label="Agent command" value={invitation.agentCommand} />
        </div>
      )}
    </section>
  );
}

function DetailsCard({ invitation, status }: { invitation: Invitation; status: InvitationStatus }) {
  const { revokeInvitation } = useActions();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await revokeInvitation(invitation.id);
      setConfirming(false);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card invitation-details" aria-labelledby="invitation-details-title">
      <h2 id="invitation-details-title">Details</h2>
      <dl className="details">
        <div>
          <dt>Status</dt>
          <dd>
            <InvitationStatusBadge status={status} />
          </dd>
        </div>
        <div>
          <dt>Devices enrolled</dt>
          <dd>{usesText(invitation)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>
            {formatDateTime(invitation.expiresAt)} (<RelativeTime iso={invitation.expiresAt} />)
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(invitation.createdAt)}</dd>
        </div>
        {invitation.revokedAt && (
          <div>
            <dt>Revoked</dt>
            <dd>{formatDateTime(invitation.revokedAt)}</dd>
          </div>
        )}
        <div>
          <dt>User</dt>
          <dd>{invitation.userName || <span className="muted">Not given</span>}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{invitation.email || <span className="muted">Not given</span>}</dd>
        </div>
        <div>
          <dt>Device certificates issued</dt>
          <dd>{invitation.certificatesIssued}</dd>
        </div>
      </dl>
      {status === 'pending' && (
        <div className="invitation-revoke">
          <p className="muted">Revoking makes the link and QR code stop working at once. Devices already enrolled stay enrolled.</p>
          <button type="button" className="button button-danger-quiet" onClick={() => setConfirming(true)}>
            Revoke invitation
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title="Revoke this invitation?"
          confirmLabel="Revoke invitation"
          busyLabel="Revoking…"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={() => void revoke()}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
        >
          <p>
            The link and QR code of “{invitationTitle(invitation)}” stop working at once; anyone who opens them is told the invitation was revoked. This cannot be
            undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
