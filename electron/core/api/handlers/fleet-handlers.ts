import type { FleetService } from '../../fleets/fleet-service';
import type { Handler } from '../dispatcher';

type Names = 'fleets.list' | 'fleets.get' | 'fleets.create' | 'fleets.rename' | 'fleets.remove' | 'fleets.moveDevices';

/** Fleets and moving devices between them. */
export function fleetHandlers(fleets: FleetService): { [K in Names]: Handler<K> } {
  const subject = (id: string, label: string) => ({ type: 'fleet', id, label });
  return {
    'fleets.list': (page) => fleets.list(page),
    'fleets.get': ({ id }) => fleets.get(id),
    'fleets.create': async ({ name }, context) => {
      const fleet = await fleets.create(name);
      context.audit = { subject: subject(fleet.id, fleet.name), message: `Created the fleet "${fleet.name}"` };
      return fleet;
    },
    'fleets.rename': async ({ id, name }, context) => {
      const { before, after } = await fleets.rename(id, name);
      context.audit = { subject: subject(id, after.name), message: before === after.name ? `Kept the fleet name "${before}"` : `Renamed the fleet "${before}" to "${after.name}"` };
      return after;
    },
    'fleets.remove': async ({ id }, context) => {
      const { fleet, moved } = await fleets.remove(id);
      context.audit = { subject: subject(id, fleet.name), message: `Deleted the fleet "${fleet.name}"; its ${moved} device${moved === 1 ? '' : 's'} went back to the default fleet` };
      // As it was, now empty: the list no longer has it (fleets.removed).
      return fleets.view(fleet);
    },
    'fleets.moveDevices': async ({ id, deviceIds }, context) => {
      const result = await fleets.move(id, deviceIds);
      context.audit = { subject: subject(id, result.fleet.name), message: `Moved ${result.moved} device${result.moved === 1 ? '' : 's'} into the fleet "${result.fleet.name}"` };
      return result;
    },
  };
}
