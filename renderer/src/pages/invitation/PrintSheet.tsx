import { createPortal } from 'react-dom';
import type { Invitation } from '../../../../contract/enrollment-models';
import type { Settings } from '../../../../contract/models';
import { formatDate } from '../../components/time-format';
import { helpdeskLines } from './invitation-mail';

/**
 * What Print puts on paper: the organization, the QR code and short
 * instructions. It sits outside the app's root, which the print stylesheet
 * hides while a sheet is present; on screen the sheet is hidden.
 */
export function PrintSheet({ invitation, settings, qr }: { invitation: Invitation; settings: Settings; qr: string }) {
  const help = helpdeskLines(settings.helpdesk);
  return createPortal(
    <div className="print-sheet" aria-hidden="true">
      <p className="print-org">{settings.organization.name}</p>
      <h1>Enroll your device</h1>
      <img className="print-qr" src={qr} alt="" />
      <ol className="print-steps">
        <li>Open the Camera app on your iPhone or iPad and point it at this code.</li>
        <li>Tap the link that appears, and follow the steps on the page: first trust the office, then install the enrollment profile.</li>
        <li>On a Mac, ask for the link by email and open it in Safari.</li>
      </ol>
      <p className="print-note">
        This code works until {formatDate(invitation.expiresAt)}
        {invitation.maxUses === 1 ? ' for one device.' : ` for up to ${invitation.maxUses} devices.`}
      </p>
      {help.length > 0 && <p className="print-note">{help.join(' · ')}</p>}
    </div>,
    document.body,
  );
}
