import { ApiError } from '../../../contract/errors';
import type { Settings, SettingsPatch, SetupInput } from '../../../contract/models';
import type { LanyardStore } from '../store/lanyard-store';
import type { EventBus } from '../events/event-bus';

export type NetworkKey = keyof Settings['network'];
/** Network settings fixed for this run by a flag or an environment variable, with where they came from. */
export type PinnedNetwork = Partial<Record<NetworkKey, { value: string | number; source: string }>>;

/**
 * The office's settings. Values pinned on the command line win over stored
 * ones for this run; an attempt to change a pinned value is refused with the
 * flag that pins it, rather than silently ignored.
 */
export class SettingsService {
  constructor(
    private readonly store: LanyardStore,
    private readonly events: EventBus,
    private readonly pinned: PinnedNetwork,
    private readonly now: () => Date = () => new Date(),
  ) {}

  pinnedKeys(): NetworkKey[] {
    return Object.keys(this.pinned) as NetworkKey[];
  }

  get(): Settings {
    const stored = this.store.singleton('settings');
    const network = { ...stored.network };
    for (const key of this.pinnedKeys()) (network as Record<NetworkKey, string | number>)[key] = this.pinned[key]!.value;
    return { ...stored, organization: { ...stored.organization }, helpdesk: { ...stored.helpdesk }, network, enrollment: { ...stored.enrollment } };
  }

  isSetupComplete(): boolean {
    return this.store.singleton('settings').setupCompletedAt !== null;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    this.refusePinnedChanges(patch.network ?? {});
    await this.store.update((tx) => {
      const s = this.store.singleton('settings');
      tx.set('settings', {
        ...s,
        organization: { ...s.organization, ...patch.organization },
        helpdesk: { ...s.helpdesk, ...patch.helpdesk },
        network: { ...s.network, ...this.unpinned(patch.network ?? {}) },
        enrollment: { ...s.enrollment, ...patch.enrollment },
      });
    });
    return this.changed();
  }

  async completeSetup(input: SetupInput): Promise<Settings> {
    this.refusePinnedChanges(input.network);
    await this.store.update((tx) => {
      const s = this.store.singleton('settings');
      tx.set('settings', {
        organization: { ...input.organization },
        helpdesk: { ...input.helpdesk },
        network: { ...s.network, ...this.unpinned(input.network) },
        enrollment: s.enrollment,
        setupCompletedAt: s.setupCompletedAt ?? this.now().toISOString(),
      });
    });
    return this.changed();
  }

  private changed(): Settings {
    const settings = this.get();
    this.events.emit('settings.changed', settings);
    return settings;
  }

  private refusePinnedChanges(network: Partial<Settings['network']>): void {
    for (const [key, value] of Object.entries(network) as [NetworkKey, string | number][]) {
      const pin = this.pinned[key];
      if (pin && pin.value !== value) {
        throw new ApiError('conflict', `network.${key} is fixed to ${pin.value} by ${pin.source} for this run`, `network.${key}`);
      }
    }
  }

  private unpinned(network: Partial<Settings['network']>): Partial<Settings['network']> {
    return Object.fromEntries(Object.entries(network).filter(([key]) => !(key in this.pinned)));
  }
}
