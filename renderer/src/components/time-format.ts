const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function parsed(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null | undefined, none = '—'): string {
  const date = parsed(iso);
  return date ? dateTime.format(date) : (iso ?? none) || none;
}

export function formatDate(iso: string | null | undefined, none = '—'): string {
  const date = parsed(iso);
  return date ? dateOnly.format(date) : (iso ?? none) || none;
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "12 seconds ago", "in 3 days"; "just now" within five seconds. */
export function relativeTime(iso: string, now: number): string {
  const date = parsed(iso);
  if (!date) return iso;
  let value = (date.getTime() - now) / 1000;
  if (Math.abs(value) < 5) return 'just now';
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return dateTime.format(date);
}

/** Whole days from now until the date (negative when past). */
export function daysUntil(iso: string, now: number): number {
  const date = parsed(iso);
  return date ? Math.floor((date.getTime() - now) / 86_400_000) : 0;
}
