import type { Handler } from '../dispatcher';
import type { SettingsService } from '../../settings/settings-service';

export function settingsHandlers(settings: SettingsService): {
  'settings.get': Handler<'settings.get'>;
  'settings.update': Handler<'settings.update'>;
  'setup.complete': Handler<'setup.complete'>;
} {
  return {
    'settings.get': () => settings.get(),
    'settings.update': async (patch, context) => {
      const changed = [
        ...Object.keys(patch.organization ?? {}).map((k) => `organization.${k}`),
        ...Object.keys(patch.helpdesk ?? {}).map((k) => `helpdesk.${k}`),
        ...Object.keys(patch.network ?? {}).map((k) => `network.${k}`),
      ];
      context.audit = { message: changed.length ? `Changed settings: ${changed.join(', ')}` : 'Saved settings (no change)' };
      return settings.update(patch);
    },
    'setup.complete': async (input, context) => {
      context.audit = { message: `Completed setup for "${input.organization.name}"` };
      return settings.completeSetup(input);
    },
  };
}
