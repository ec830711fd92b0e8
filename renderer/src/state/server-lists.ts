import type { DeviceSummary } from '../../../contract/command-models';
import type { Invitation } from '../../../contract/enrollment-models';

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

/** Invitations newest first, as the core lists them. */
export const newestInvitationFirst = (a: Invitation, b: Invitation): number => b.createdAt.localeCompare(a.createdAt);

/** Devices by name, then serial number, for a stable table. */
export const deviceOrder = (a: DeviceSummary, b: DeviceSummary): number =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.serialNumber.localeCompare(b.serialNumber) || a.id.localeCompare(b.id);
