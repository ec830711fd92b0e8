import type { Settings } from '../../../contract/models';
import { escapeHtml as e, page } from './html';
import { landingStyles } from './landing-styles';
import { helpdeskLines } from './profile-text';

export type DevicePlatform = 'ios' | 'macos' | 'other';

/** iPhone and iPad browsers say so; iPadOS Safari may present itself as a Mac, so both guides stay reachable. */
export function platformOf(userAgent: string | undefined): DevicePlatform {
  const ua = userAgent ?? '';
  if (/iPhone|iPad|iPod/.test(ua)) return 'ios';
  if (/Macintosh|Mac OS X/.test(ua)) return 'macos';
  return 'other';
}

export interface LandingInput {
  settings: Settings;
  platform: DevicePlatform;
  trustProfileUrl: string;
  profileUrl: string;
  caFingerprint: string;
  /** Why the enrollment profile is not offered (no push certificate yet). */
  blockedReason: string | null;
}

export function landingPage(input: LandingInput): string {
  const org = e(input.settings.organization.name);
  const ios = iosSteps(input);
  const mac = macSteps(input);
  const [first, second, otherLabel] = input.platform === 'macos' ? [mac, ios, 'On an iPhone or iPad?'] : [ios, mac, 'On a Mac?'];
  const blocked = input.blockedReason
    ? `<p class="notice" role="alert">Enrollment is not available yet: ${e(input.blockedReason)}. Please contact your helpdesk.</p>`
    : '';
  const body = `<h1>Enroll this device with ${org}</h1>
<p>${org} manages its devices with Lanyard. Follow these steps on the device you want to enroll.</p>
${blocked}${first}
<details><summary>${otherLabel}</summary>${second}</details>
<p class="muted">Check the office certificate before you trust it. SHA-256 fingerprint:</p>
<p class="fingerprint" id="ca-fingerprint">${e(input.caFingerprint)}</p>
${helpdesk(input.settings)}`;
  return page(`Enroll with ${input.settings.organization.name}`, body, landingStyles);
}

function iosSteps(input: LandingInput): string {
  const org = e(input.settings.organization.name);
  const enroll = input.blockedReason
    ? ''
    : `<a class="button" id="enrollment-profile-link" href="${e(input.profileUrl)}">Download the enrollment profile</a>`;
  return `<section class="step" data-platform="ios"><h2>Step 1 of 2: trust the office</h2>
<a class="button" id="trust-profile-link" href="${e(input.trustProfileUrl)}">Download the trust profile</a>
<ol><li>Tap <b>Allow</b>, then open <b>Settings › General › VPN &amp; Device Management</b> and install the “${org} — trust” profile.</li>
<li>Open <b>Settings › General › About › Certificate Trust Settings</b> and turn on full trust for “${org} Root CA”.</li></ol></section>
<section class="step" data-platform="ios"><h2>Step 2 of 2: enroll</h2>${enroll}
<ol><li>Open <b>Settings › General › VPN &amp; Device Management</b>, tap the “${org} enrollment” profile and install it.</li>
<li>Confirm <b>Remote Management</b> when asked.</li></ol></section>`;
}

function macSteps(input: LandingInput): string {
  const org = e(input.settings.organization.name);
  const enroll = input.blockedReason
    ? ''
    : `<a class="button" id="mac-enrollment-profile-link" href="${e(input.profileUrl)}">Download the enrollment profile</a>`;
  return `<section class="step" data-platform="macos"><h2>Enroll this Mac</h2>${enroll}
<ol><li>Open <b>System Settings › General › Device Management</b> (or <b>Privacy &amp; Security › Profiles</b>).</li>
<li>Double-click the “${org} enrollment” profile, choose <b>Install</b> and enter your password.</li></ol></section>`;
}

function helpdesk(settings: Settings): string {
  const lines = helpdeskLines(settings);
  return lines.length ? `<section class="step"><h2>Need help?</h2>${lines.map((l) => `<p>${e(l)}</p>`).join('')}</section>` : '';
}

/** 404 or 410 page: what happened and what to do. */
export function invitationProblemPage(settings: Settings, title: string, explanation: string): string {
  const body = `<h1>${e(title)}</h1><p>${e(explanation)}</p><p>Ask ${e(settings.organization.name)} for a new invitation link.</p>${helpdesk(settings)}`;
  return page(title, body, landingStyles);
}
