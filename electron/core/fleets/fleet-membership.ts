import { defaultFleetId } from '../../../contract/fleet-models';
import type { LanyardStore } from '../store/lanyard-store';

/**
 * The fleet a device is in after it enrols: the one its invitation names,
 * else the one it was in before (enrolling again keeps it), else the
 * default fleet. A fleet deleted meanwhile counts as none.
 */
export function fleetOnEnrolment(store: LanyardStore, invitationId: string | null, previousFleetId: string | null | undefined): string {
  const fleets = store.collection('fleets');
  const named = invitationId ? store.collection('invitations').get(invitationId)?.fleetId : null;
  if (named && fleets.get(named)) return named;
  if (previousFleetId && fleets.get(previousFleetId)) return previousFleetId;
  return defaultFleetId;
}
