import { useState } from 'react';
import type { DeviceDetail } from '../../../../contract/command-models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/TextField';
import { useLanyard } from '../../state/app-context';
import { deviceTitle } from '../devices/device-labels';
import type { CommandDialogProps } from './command-dialogs';
import { useEnqueue } from './use-enqueue';

const queuedText = (what: string, device: DeviceDetail) =>
  `${what} was queued. ${deviceTitle(device)} gets it ${device.online ? 'now' : 'when its agent connects again'}; its progress shows in the command queue below.`;

/** A relative path inside the agent's managed folder, as the core checks it. */
export function managedPathProblem(path: string): string | undefined {
  const trimmed = path.trim();
  if (!trimmed) return 'Enter a path inside the managed folder, e.g. docs/handbook.pdf.';
  if (trimmed.startsWith('/') || trimmed.startsWith('\\') || /^[A-Za-z]:/.test(trimmed)) return 'Give a relative path: it is always inside the managed folder.';
  if (trimmed.split(/[\\/]/).includes('..')) return 'The path must not contain "..": it cannot leave the managed folder.';
  return undefined;
}

export function AgentLockDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [message, setMessage] = useState('');
  return (
    <ConfirmDialog
      title={`Lock ${deviceTitle(device)}?`}
      confirmLabel="Lock screen"
      busyLabel="Queuing…"
      tone="danger"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={() => void send([{ requestType: 'Lock', ...(message.trim() ? { message: message.trim() } : {}) }]).then((ok) => ok && onQueued(queuedText('Lock', device)))}
    >
      <p>The agent locks the screen of everyone signed in. They unlock it with their own password.</p>
      <TextField id="agent-lock-message" label="Note for the log (optional)" value={message} onChange={setMessage} />
    </ConfirmDialog>
  );
}

export function AgentWipeDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [typed, setTyped] = useState('');
  const matches = typed === device.name && device.name !== '';
  return (
    <ConfirmDialog
      title={`Wipe ${deviceTitle(device)}?`}
      confirmLabel="Wipe and unenrol"
      busyLabel="Queuing…"
      tone="danger"
      busy={busy}
      error={error}
      blocked={!matches}
      onCancel={onCancel}
      onConfirm={() => void send([{ requestType: 'Wipe' }]).then((ok) => ok && onQueued(queuedText('Wipe', device)))}
    >
      <p>
        The agent deletes its <strong>managed folder</strong> (every file Lanyard deployed there) and unenrols. Nothing outside that folder is touched. This cannot be
        undone.
      </p>
      <TextField id="agent-wipe-name" label={`Type ${device.name} to confirm`} value={typed} onChange={setTyped} />
    </ConfirmDialog>
  );
}

export function DeployFileDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const files = useLanyard((s) => s.files);
  const [fileId, setFileId] = useState('');
  const [destination, setDestination] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const chosen = files.items.find((file) => file.id === fileId) ?? null;

  const confirm = () => {
    const pathProblem = managedPathProblem(destination);
    if (!chosen) return setProblem('Choose a file from the library.');
    if (pathProblem) return setProblem(pathProblem);
    void send([{ requestType: 'DeployFile', fileId: chosen.id, destination: destination.trim() }]).then((ok) => ok && onQueued(queuedText(`Deploying ${chosen.name}`, device)));
  };

  return (
    <ConfirmDialog title={`Deploy a file to ${deviceTitle(device)}`} confirmLabel="Deploy file" busyLabel="Queuing…" busy={busy} error={error ?? problem ?? null} onCancel={onCancel} onConfirm={confirm}>
      {files.items.length === 0 ? (
        <p>
          The file library is empty. <a href="#/files">Upload a file</a> first.
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="deploy-file">File</label>
            <select
              id="deploy-file"
              className="input"
              value={fileId}
              onChange={(event) => {
                setFileId(event.target.value);
                setProblem(undefined);
                const picked = files.items.find((file) => file.id === event.target.value);
                if (picked && !destination) setDestination(picked.name);
              }}
            >
              <option value="">Choose a file…</option>
              {files.items.map((file) => (
                <option key={file.id} value={file.id}>
                  {file.name}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id="deploy-destination"
            label="Where, inside the managed folder"
            value={destination}
            onChange={(value) => {
              setDestination(value);
              setProblem(undefined);
            }}
            hint="A relative path such as docs/handbook.pdf. The agent checks the file's SHA-256 and writes it whole or not at all."
          />
        </>
      )}
    </ConfirmDialog>
  );
}

export function RemoveFileDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const confirm = () => {
    const pathProblem = managedPathProblem(path);
    if (pathProblem) return setProblem(pathProblem);
    void send([{ requestType: 'RemoveFile', path: path.trim() }]).then((ok) => ok && onQueued(queuedText(`Removing ${path.trim()}`, device)));
  };
  return (
    <ConfirmDialog title={`Remove a file from ${deviceTitle(device)}`} confirmLabel="Remove file" busyLabel="Queuing…" tone="danger" busy={busy} error={error} onCancel={onCancel} onConfirm={confirm}>
      <TextField id="remove-file-path" label="Path inside the managed folder" value={path} onChange={(value) => (setPath(value), setProblem(undefined))} error={problem} />
    </ConfirmDialog>
  );
}
