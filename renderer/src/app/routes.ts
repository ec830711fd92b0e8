import type { ComponentType } from 'react';
import { ActivityPage } from '../pages/activity/ActivityPage';
import { DeploymentPage } from '../pages/deployments/DeploymentPage';
import { DeploymentsPage } from '../pages/deployments/DeploymentsPage';
import { DevicePage } from '../pages/device/DevicePage';
import { DevicesPage } from '../pages/devices/DevicesPage';
import { FilesPage } from '../pages/files/FilesPage';
import { FleetPage } from '../pages/fleets/FleetPage';
import { FleetsPage } from '../pages/fleets/FleetsPage';
import { ProfileBuilderPage } from '../pages/profiles/ProfileBuilderPage';
import { ProfilesPage } from '../pages/profiles/ProfilesPage';
import { InvitationPage } from '../pages/invitation/InvitationPage';
import { InvitationsPage } from '../pages/invitations/InvitationsPage';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { CertificatesPage } from '../pages/settings/certificates/CertificatesPage';
import { EnrollmentSettingsPage } from '../pages/settings/enrollment/EnrollmentSettingsPage';
import { PushCertificatePage } from '../pages/settings/push/PushCertificatePage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import type { PageProps } from './paths';

export interface Route {
  /** "/devices/:id": a ":name" segment matches one non-empty path segment. */
  path: string;
  /** Its name in the navigation. */
  label: string;
  Page: ComponentType<PageProps>;
  /** The navigation entry shown as current (pages below another, like one device, point at their list). */
  section: string;
}

/** The pages of the main window; those whose path is their own section are the navigation, in this order. */
export const routes: readonly Route[] = [
  { path: '/', label: 'Dashboard', Page: OverviewPage, section: '/' },
  { path: '/devices', label: 'Devices', Page: DevicesPage, section: '/devices' },
  { path: '/devices/:id', label: 'Device', Page: DevicePage, section: '/devices' },
  { path: '/fleets', label: 'Fleets', Page: FleetsPage, section: '/fleets' },
  { path: '/fleets/:id', label: 'Fleet', Page: FleetPage, section: '/fleets' },
  { path: '/deployments', label: 'Deployments', Page: DeploymentsPage, section: '/deployments' },
  { path: '/deployments/:id', label: 'Deployment', Page: DeploymentPage, section: '/deployments' },
  { path: '/invitations', label: 'Invitations', Page: InvitationsPage, section: '/invitations' },
  { path: '/invitations/:id', label: 'Invitation', Page: InvitationPage, section: '/invitations' },
  { path: '/profiles', label: 'Profiles', Page: ProfilesPage, section: '/profiles' },
  { path: '/profiles/new', label: 'New profile', Page: ProfileBuilderPage, section: '/profiles' },
  { path: '/profiles/:id', label: 'Profile', Page: ProfileBuilderPage, section: '/profiles' },
  { path: '/files', label: 'Files', Page: FilesPage, section: '/files' },
  { path: '/activity', label: 'Activity', Page: ActivityPage, section: '/activity' },
  { path: '/settings', label: 'Settings', Page: SettingsPage, section: '/settings' },
  { path: '/settings/push-certificate', label: 'Push certificate', Page: PushCertificatePage, section: '/settings' },
  { path: '/settings/certificates', label: 'Certificates', Page: CertificatesPage, section: '/settings' },
  { path: '/settings/enrollment', label: 'Enrollment', Page: EnrollmentSettingsPage, section: '/settings' },
];

export const navigation: readonly Route[] = routes.filter((route) => route.path === route.section);

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  /** Changes when the page must start afresh (another device, another invitation). */
  key: string;
}

export function matchRoute(path: string): RouteMatch | undefined {
  const segments = path.split('/');
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, index) => {
      const segment = segments[index]!;
      if (!part.startsWith(':')) return part === segment;
      if (!segment) return false;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return true;
    });
    if (matches) return { route, params, key: path };
  }
  return undefined;
}
