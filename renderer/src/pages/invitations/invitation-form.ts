import { CreateInvitationInput } from '../../../../contract/enrollment-models';
import type { CallInput } from '../../../../contract/api';

export const invitationFieldKeys = ['label', 'userName', 'email', 'expiresInDays', 'maxUses'] as const;
export type InvitationFieldKey = (typeof invitationFieldKeys)[number];

export interface InvitationDraft {
  label: string;
  userName: string;
  email: string;
  expiresInDays: string;
  kind: 'single' | 'office';
  maxUses: string;
  /** The fleet its devices join; empty: the default fleet. */
  fleetId: string;
}

export const emptyInvitationDraft: InvitationDraft = { label: '', userName: '', email: '', expiresInDays: '7', kind: 'single', maxUses: '10', fleetId: '' };

export type InvitationErrors = Partial<Record<InvitationFieldKey, string>>;

export function isInvitationField(value: unknown): value is InvitationFieldKey {
  return typeof value === 'string' && (invitationFieldKeys as readonly string[]).includes(value);
}

/** Checks the draft with the contract's schema, so the form refuses what the API would. */
export function checkInvitationDraft(draft: InvitationDraft): { ok: true; value: CallInput<'invitations.create'> } | { ok: false; errors: InvitationErrors } {
  const errors: InvitationErrors = {};
  const days = wholeNumber(draft.expiresInDays);
  const uses = draft.kind === 'single' ? 1 : wholeNumber(draft.maxUses);
  if (days === null) errors.expiresInDays = 'Enter a number of days from 1 to 365.';
  if (uses === null) errors.maxUses = 'Enter how many devices may use it, from 1 to 10000.';
  const parsed = CreateInvitationInput.safeParse({
    label: draft.label,
    userName: draft.userName,
    email: draft.email.trim(),
    expiresInDays: days ?? 7,
    maxUses: uses ?? 1,
    ...(draft.fleetId ? { fleetId: draft.fleetId } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (isInvitationField(key) && !errors[key]) errors[key] = explain(key, issue.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

function explain(key: InvitationFieldKey, message: string): string {
  if (key === 'expiresInDays') return 'Enter a number of days from 1 to 365.';
  if (key === 'maxUses') return 'Enter how many devices may use it, from 1 to 10000.';
  return message ? message[0]!.toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.') : message;
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}
