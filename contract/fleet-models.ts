import { z } from 'zod';
import { pageOf, pageQuery } from './paging';

/** The fleet every device starts in and goes back to; it cannot be renamed away or deleted. */
export const defaultFleetId = 'unassigned';

export const FleetName = z.string().trim().min(1, 'give the fleet a name').max(80, 'a fleet name has at most 80 characters');

/** A group of devices that share a blueprint: "Front desk iPads", "Office PCs". */
export const FleetView = z.object({
  id: z.string(),
  name: z.string(),
  /** The default fleet, "Unassigned": every device not in another fleet. */
  isDefault: z.boolean(),
  /** Devices in it (those removed from management are not counted). */
  deviceCount: z.number().int().min(0),
  createdAt: z.string(),
});
export type FleetView = z.infer<typeof FleetView>;

export const FleetId = z.string().min(1).max(100);
export const FleetIdInput = z.object({ id: FleetId }).strict();
export const CreateFleetInput = z.object({ name: FleetName }).strict();
export const RenameFleetInput = z.object({ id: FleetId, name: FleetName }).strict();

/** `POST /api/fleets/:id/devices {"deviceIds":[…]}`: moves every one of them into the fleet, or none if one is unknown. */
export const MoveDevicesInput = z
  .object({
    id: FleetId,
    deviceIds: z.array(z.string().min(1).max(100)).min(1, 'name at least one device').max(10_000, 'move at most 10,000 devices at once'),
  })
  .strict();
export const MovedDevices = z.object({ fleet: FleetView, moved: z.number().int().min(0) });

/** Fleets in name order, the default fleet first. */
export const FleetsQuery = pageQuery();
export const FleetPage = pageOf(FleetView);
