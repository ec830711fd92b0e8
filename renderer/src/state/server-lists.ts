import type { Invitation } from '../../../contract/enrollment-models';
import type { FileView } from '../../../contract/file-models';
import type { FleetView } from '../../../contract/fleet-models';
import type { ProfileView } from '../../../contract/profile-models';

/** A list the core owns, as far as the UI has loaded it. */
export interface ListView<T> {
  items: T[];
  loaded: boolean;
  error: string | null;
}

export function emptyList<T>(): ListView<T> {
  return { items: [], loaded: false, error: null };
}

/** Replaces the item with the same id, or adds it; `order` keeps the list sorted. */
export function withItem<T extends { id: string }>(view: ListView<T>, item: T, order?: (a: T, b: T) => number): ListView<T> {
  const index = view.items.findIndex((existing) => existing.id === item.id);
  const items = index === -1 ? [...view.items, item] : view.items.map((existing, i) => (i === index ? item : existing));
  return { ...view, items: order ? items.sort(order) : items };
}

/** Drops the item with this id (a `<list>.removed` event). */
export function withoutItem<T extends { id: string }>(view: ListView<T>, id: string): ListView<T> {
  return view.items.some((item) => item.id === id) ? { ...view, items: view.items.filter((item) => item.id !== id) } : view;
}

/** Invitations newest first, as the core lists them. */
export const newestInvitationFirst = (a: Invitation, b: Invitation): number => b.createdAt.localeCompare(a.createdAt);

/** Devices in the order devices.list pages them: by name, then serial number, then id. */
export { deviceOrder } from '../../../contract/command-models';

/** Library files by name, as the core lists them (then by id, which is unique). */
export const fileOrder = (a: FileView, b: FileView): number => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Fleets as fleets.list pages them: the default fleet first, then by name (then id, which is unique). */
export const fleetOrder = (a: FleetView, b: FleetView): number => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Profiles by name (ignoring case), as profiles.list pages them. */
export const profileOrder = (a: ProfileView, b: ProfileView): number => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id);
