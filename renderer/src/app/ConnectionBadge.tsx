import { useLanyard } from '../state/app-context';

const labels = {
  open: { text: 'Live', title: 'Changes made elsewhere appear here as they happen.' },
  connecting: { text: 'Reconnecting…', title: 'The live connection to Lanyard dropped; trying again.' },
  closed: { text: 'Not connected', title: 'There is no live connection to Lanyard.' },
} as const;

/** Whether pushed updates are arriving. Hidden in the desktop app, where the connection cannot drop. */
export function ConnectionBadge() {
  const transport = useLanyard((s) => s.transport);
  const connection = useLanyard((s) => s.connection);
  if (transport === 'ipc') return null;
  const label = labels[connection];
  return (
    <p className={`connection connection-${connection}`} role="status" title={label.title}>
      <span className="connection-dot" aria-hidden="true" />
      {label.text}
    </p>
  );
}
