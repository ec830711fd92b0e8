import { z } from 'zod';
import { ActivityEntry, Settings } from '../../../contract/models';

export const currentSchemaVersion = 1;

/** Everything Lanyard keeps, in one validated document. */
export const LanyardData = z.object({
  schemaVersion: z.literal(currentSchemaVersion),
  settings: Settings,
  activity: z.array(ActivityEntry),
});
export type LanyardData = z.infer<typeof LanyardData>;

export function initialData(settings: Settings): LanyardData {
  return { schemaVersion: currentSchemaVersion, settings, activity: [] };
}
