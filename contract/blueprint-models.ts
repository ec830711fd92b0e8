import { z } from 'zod';
import { AppItem, FileItem, ProfileItem } from './deployment-models';

/**
 * What every device in a fleet should have: configuration profiles and apps
 * for Apple devices, library files for agents. Lanyard applies it at
 * enrolment, when a device joins the fleet and when an item is added, and
 * removes what it installed when an item is taken out or a device leaves.
 */
export const BlueprintItem = z.union([ProfileItem, AppItem, FileItem]);
export type BlueprintItem = z.infer<typeof BlueprintItem>;

/** One key per item: the same profile, app or file (to the same place) cannot be in a blueprint twice. */
export function blueprintItemKey(item: BlueprintItem): string {
  switch (item.kind) {
    case 'profile':
      return `profile:${item.profileId}`;
    case 'app':
      return 'iTunesStoreId' in item ? `app:store:${item.iTunesStoreId}` : `app:manifest:${item.manifestUrl}`;
    case 'file':
      return `file:${item.fileId}:${item.destination}`;
  }
}

export const SetBlueprintInput = z
  .object({ id: z.string().min(1).max(100), items: z.array(BlueprintItem).max(100, 'a blueprint holds at most 100 items') })
  .strict()
  .superRefine(({ items }, context) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = blueprintItemKey(item);
      if (seen.has(key)) context.addIssue({ code: 'custom', path: ['items', index], message: 'this item is already in the blueprint' });
      seen.add(key);
    });
  });

/** Where one device stands with one blueprint item. */
export const blueprintStates = ['installing', 'installed', 'failed', 'not_applicable', 'removing'] as const;
export type BlueprintState = (typeof blueprintStates)[number];

export const BlueprintItemView = z.object({
  key: z.string(),
  item: BlueprintItem,
  /** "Install profile "Office Wi-Fi" (com.example.wifi)". */
  summary: z.string(),
  counts: z.object(Object.fromEntries(blueprintStates.map((state) => [state, z.number().int().min(0)])) as Record<BlueprintState, z.ZodNumber>),
});

export const BlueprintView = z.object({
  fleetId: z.string(),
  items: z.array(BlueprintItemView),
  updatedAt: z.string().nullable(),
  /** Items taken out whose removal from devices is still going on. */
  removing: z.number().int().min(0),
});
export type BlueprintView = z.infer<typeof BlueprintView>;
