import type { LanyardState } from './lanyard-store';

/** Settings carry the completion time, so a settings.changed event is enough to leave the wizard. */
export const selectSetupComplete = (s: LanyardState): boolean =>
  s.settings ? s.settings.setupCompletedAt !== null : (s.status?.setupComplete ?? false);

export const selectPinned = (s: LanyardState) => s.status?.pinned ?? noPins;

const noPins: NonNullable<LanyardState['status']>['pinned'] = [];
