import type { ActivityEntry } from '../../../../contract/models';
import type { ActivityActor, ActivityOutcome } from '../../state/activity-view';

export const actorLabels: Record<ActivityActor, string> = { admin: 'Admin', device: 'Device', agent: 'Agent', system: 'System' };
export const outcomeLabels: Record<ActivityOutcome, string> = { ok: 'OK', error: 'Error', warning: 'Warning', info: 'Info' };

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

export function subjectText(subject: ActivityEntry['subject']): string {
  if (!subject) return '';
  return subject.label ? `${subject.label} (${subject.type})` : `${subject.type} ${subject.id}`;
}
