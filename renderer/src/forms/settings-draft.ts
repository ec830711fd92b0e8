import { SetupInput, type Settings, type SettingsPatch, type SystemStatus } from '../../../contract/models';

/** Every editable setting, named like the API's error `field` (e.g. "helpdesk.email"). */
export const fieldKeys = [
  'organization.name',
  'helpdesk.name',
  'helpdesk.phone',
  'helpdesk.email',
  'helpdesk.website',
  'network.publicHost',
  'network.mdmPort',
  'network.enrollmentHttpPort',
] as const;
export type FieldKey = (typeof fieldKeys)[number];

/** Form values as typed, before they are checked. */
export type Draft = Record<FieldKey, string>;
export type FieldErrors = Partial<Record<FieldKey, string>>;
export type PinnedKey = SystemStatus['pinned'][number];

const portKeys = { 'network.mdmPort': 'mdmPort', 'network.enrollmentHttpPort': 'enrollmentHttpPort' } as const;

/** The pinned setting a field shows, if the command line can pin it. */
export function pinKeyOf(key: FieldKey): PinnedKey | null {
  if (key === 'network.publicHost') return 'publicHost';
  return key in portKeys ? portKeys[key as keyof typeof portKeys] : null;
}

export function isFieldKey(value: unknown): value is FieldKey {
  return typeof value === 'string' && (fieldKeys as readonly string[]).includes(value);
}

export function draftFromSettings(settings: Settings): Draft {
  return {
    'organization.name': settings.organization.name,
    'helpdesk.name': settings.helpdesk.name,
    'helpdesk.phone': settings.helpdesk.phone,
    'helpdesk.email': settings.helpdesk.email,
    'helpdesk.website': settings.helpdesk.website,
    'network.publicHost': settings.network.publicHost,
    'network.mdmPort': String(settings.network.mdmPort),
    'network.enrollmentHttpPort': String(settings.network.enrollmentHttpPort),
  };
}

export type Checked = { ok: true; value: SetupInput } | { ok: false; errors: FieldErrors };

/**
 * Checks a draft with the contract's own schemas, so the form refuses what
 * the API would. `only` limits the errors to some fields (one wizard step).
 */
export function checkDraft(draft: Draft, only?: readonly FieldKey[]): Checked {
  const errors: FieldErrors = {};
  const mdmPort = portNumber(draft['network.mdmPort']);
  const enrollmentHttpPort = portNumber(draft['network.enrollmentHttpPort']);
  if (mdmPort === null || mdmPort < 1) errors['network.mdmPort'] = 'Enter a port number from 1 to 65535.';
  if (enrollmentHttpPort === null) errors['network.enrollmentHttpPort'] = 'Enter a port number from 1 to 65535, or 0 to turn it off.';
  const parsed = SetupInput.safeParse({
    organization: { name: draft['organization.name'] },
    helpdesk: {
      name: draft['helpdesk.name'],
      phone: draft['helpdesk.phone'],
      email: draft['helpdesk.email'],
      website: draft['helpdesk.website'],
    },
    network: { publicHost: draft['network.publicHost'], mdmPort: mdmPort ?? 1, enrollmentHttpPort: enrollmentHttpPort ?? 0 },
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      if (isFieldKey(key) && !errors[key]) errors[key] = capitalize(issue.message);
    }
  }
  const relevant = only ? Object.fromEntries(Object.entries(errors).filter(([key]) => only.includes(key as FieldKey))) : errors;
  if (Object.keys(relevant).length > 0) return { ok: false, errors: relevant };
  if (!parsed.success) return { ok: false, errors: {} };
  return { ok: true, value: parsed.data };
}

/** Only the fields that differ from the current settings, as settings.update wants them. */
export function patchFrom(value: SetupInput, current: Settings): { patch: SettingsPatch; changed: FieldKey[] } {
  const patch: SettingsPatch = {};
  const changed: FieldKey[] = [];
  for (const section of ['organization', 'helpdesk', 'network'] as const) {
    const next = value[section] as Record<string, unknown>;
    const now = current[section] as Record<string, unknown>;
    const sectionPatch: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(next)) {
      if (v === now[name]) continue;
      sectionPatch[name] = v;
      changed.push(`${section}.${name}` as FieldKey);
    }
    if (Object.keys(sectionPatch).length > 0) Object.assign(patch, { [section]: sectionPatch });
  }
  return { patch, changed };
}

function portNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const port = Number(trimmed);
  return port <= 65535 ? port : null;
}

function capitalize(message: string): string {
  return message ? message[0]!.toUpperCase() + message.slice(1) : message;
}
