import type { Invitation } from '../../../../contract/enrollment-models';
import type { Settings } from '../../../../contract/models';
import { formatDate } from '../../components/time-format';

/** The helpdesk contacts, one per line, as device users see them on the landing page. */
export function helpdeskLines(helpdesk: Settings['helpdesk']): string[] {
  return [
    helpdesk.name && `Helpdesk: ${helpdesk.name}`,
    helpdesk.phone && `Phone: ${helpdesk.phone}`,
    helpdesk.email && `E-mail: ${helpdesk.email}`,
    helpdesk.website && `Web: ${helpdesk.website}`,
  ].filter((line): line is string => Boolean(line));
}

/** A mailto: link with the invitation link and the helpdesk contacts, addressed to the invitation's email if it has one. */
export function invitationMailto(invitation: Invitation, settings: Settings): string {
  const organization = settings.organization.name;
  const help = helpdeskLines(settings.helpdesk);
  const greeting = invitation.userName ? `Hello ${invitation.userName},` : 'Hello,';
  const body = [
    greeting,
    '',
    `${organization} invites you to enroll your ${invitation.maxUses === 1 ? 'device' : 'devices'} in its device management.`,
    'Open this link on the iPhone, iPad or Mac you want to enroll, and follow the steps on the page:',
    '',
    invitation.url,
    '',
    `The link works until ${formatDate(invitation.expiresAt)}${invitation.maxUses === 1 ? ', for one device' : ''}.`,
    ...(help.length > 0 ? ['', 'Need help? Contact us:', ...help] : []),
  ].join('\r\n');
  const subject = `Enroll your device with ${organization}`;
  return `mailto:${encodeURIComponent(invitation.email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
