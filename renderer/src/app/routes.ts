import type { ComponentType } from 'react';
import { ActivityPage } from '../pages/activity/ActivityPage';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { SettingsPage } from '../pages/settings/SettingsPage';

export interface Route {
  path: string;
  /** Its name in the navigation. */
  label: string;
  Page: ComponentType;
}

/**
 * The pages of the main window, in navigation order. Devices and
 * Invitations go between Overview and Activity when they exist.
 */
export const routes: readonly Route[] = [
  { path: '/', label: 'Overview', Page: OverviewPage },
  { path: '/activity', label: 'Activity', Page: ActivityPage },
  { path: '/settings', label: 'Settings', Page: SettingsPage },
];

export function findRoute(path: string): Route | undefined {
  return routes.find((route) => route.path === path);
}
