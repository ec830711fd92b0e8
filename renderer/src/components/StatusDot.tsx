export type StatusDotTone = 'online' | 'offline' | 'warning' | 'error';

/** A state shown as a coloured dot before its word (never colour alone); the one dot of the dashboard, fleet and device pages. */
export function StatusDot({ tone, label, title }: { tone: StatusDotTone; label: string; title?: string }) {
  return (
    <span className={`status-dot status-dot-${tone}`} data-tone={tone} title={title}>
      {label}
    </span>
  );
}
