import type { Draft, FieldErrors, FieldKey, PinnedKey } from './settings-draft';

/** What every settings section gets, in the wizard and on the Settings page alike. */
export interface SectionProps {
  draft: Draft;
  errors: FieldErrors;
  onChange(key: FieldKey, value: string): void;
  pinned: readonly PinnedKey[];
}
