import type { BlueprintService } from '../../blueprints/blueprint-service';
import type { FleetService } from '../../fleets/fleet-service';
import type { Handler } from '../dispatcher';

/** A fleet's blueprint: what every device in it should have. */
export function blueprintHandlers(blueprints: BlueprintService, fleets: FleetService): { [K in 'fleets.blueprint' | 'fleets.setBlueprint']: Handler<K> } {
  return {
    'fleets.blueprint': ({ id }) => blueprints.view(id),
    'fleets.setBlueprint': async ({ id, items }, context) => {
      const { view, added, removed } = await blueprints.set(id, items);
      const name = fleets.get(id).name;
      context.audit = { subject: { type: 'fleet', id, label: name }, message: `Changed the blueprint of "${name}": ${items.length} item${items.length === 1 ? '' : 's'} (${added} added, ${removed} taken out)` };
      return view;
    },
  };
}
