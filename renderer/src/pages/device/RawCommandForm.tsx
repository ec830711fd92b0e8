import { useState, type FormEvent } from 'react';
import type { DeviceDetail } from '../../../../contract/command-models';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { TextAreaField } from '../../components/TextAreaField';
import { useEnqueue } from './use-enqueue';

const example = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>RequestType</key>
  <string>CertificateList</string>
</dict>
</plist>`;

/** Any MDM command as a property list (the Command dictionary), for what the buttons do not cover. */
export function RawCommandForm({ device, reason }: { device: DeviceDetail; reason: string | null }) {
  const { busy, error, send, clearError } = useEnqueue(device.id);
  const [plist, setPlist] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const [message, setMessage] = useState<Message | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (!plist.trim()) return setMissing('Paste the command as a property list.');
    if (await send([{ requestType: 'Raw', commandPlist: plist }])) setMessage({ tone: 'success', text: 'The raw command was queued. Its result appears in the history below.' });
  };

  return (
    <form className="raw-command" noValidate onSubmit={(event) => void submit(event)} aria-label="Raw command">
      <p className="section-intro">
        The command&apos;s dictionary as an XML property list, with its RequestType; Lanyard adds the CommandUUID. The device gets it exactly as written, so check
        Apple&apos;s MDM documentation first.
      </p>
      <TextAreaField
        id="raw-command-plist"
        label="Command (plist XML)"
        value={plist}
        onChange={(value) => {
          setPlist(value);
          setMissing(undefined);
          setMessage(null);
          clearError();
        }}
        error={missing}
        rows={10}
        placeholder={example}
        fileAccept=".plist,.xml,text/xml,application/xml"
      />
      {error && (
        <p className="notice notice-error" role="alert">
          The raw command was not queued. {error}
        </p>
      )}
      <div className="form-actions">
        <LiveMessage message={message} />
        <button type="submit" className="button" disabled={busy || reason !== null} title={reason ?? undefined}>
          {busy ? 'Queuing…' : 'Send raw command'}
        </button>
      </div>
    </form>
  );
}
