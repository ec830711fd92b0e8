import type { Settings } from '../../../contract/models';

/** The helpdesk lines shown to device users in profiles and on pages. */
export function helpdeskLines(settings: Settings): string[] {
  const h = settings.helpdesk;
  return [
    h.name && `Helpdesk: ${h.name}`,
    h.phone && `Phone: ${h.phone}`,
    h.email && `E-mail: ${h.email}`,
    h.website && `Web: ${h.website}`,
  ].filter((line): line is string => Boolean(line));
}

export function profileDescription(settings: Settings, purpose: string): string {
  return [`${purpose} for ${settings.organization.name}.`, ...helpdeskLines(settings)].join('\n');
}
