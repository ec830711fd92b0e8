import { formatDateTime, relativeTime } from './time-format';
import { useNow } from './use-now';

/** "3 minutes ago", kept current every second; the exact time in the tooltip. */
export function RelativeTime({ iso, none = 'Never' }: { iso: string | null | undefined; none?: string }) {
  const now = useNow();
  if (!iso) return <span className="muted">{none}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}
