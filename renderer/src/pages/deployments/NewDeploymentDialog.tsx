import { useState } from 'react';
import type { DeploymentItem, DeploymentTarget } from '../../../../contract/deployment-models';
import { defaultFleetId } from '../../../../contract/fleet-models';
import { navigate } from '../../app/hash-route';
import { pathTo } from '../../app/paths';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/TextField';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { managedPathProblem } from '../device/agent-dialogs';
import { agentCommandChoices, appleCommandChoices, commandLabel, isDestructive } from './deployment-choices';

type Kind = 'command' | 'app' | 'file';

export interface NewDeploymentDialogProps {
  /** Devices chosen on the Devices page; without it the dialog asks for a fleet or every device. */
  deviceIds?: readonly string[];
  onCancel(): void;
}

/**
 * Starts a deployment: one command, app or file to a fleet, to every
 * device, or to the devices selected on the Devices page. A destructive
 * command asks again with the number of devices it touches. Opens the
 * deployment's page once it started.
 */
export function NewDeploymentDialog({ deviceIds, onCancel }: NewDeploymentDialogProps) {
  const { createDeployment } = useActions();
  const fleets = useLanyard((s) => s.fleets.items);
  const devices = useLanyard((s) => s.devices.items);
  const files = useLanyard((s) => s.files.items);
  const [kind, setKind] = useState<Kind>('command');
  const [requestType, setRequestType] = useState('DeviceInformation');
  const [appSource, setAppSource] = useState('');
  const [fileId, setFileId] = useState('');
  const [destination, setDestination] = useState('');
  const [targetChoice, setTargetChoice] = useState<string>(fleets.find((f) => !f.isDefault)?.id ?? 'all');
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const target: DeploymentTarget = deviceIds ? { deviceIds: [...deviceIds] } : targetChoice === 'all' ? { all: true } : { fleetId: targetChoice };
  const touched = deviceIds ? deviceIds.length : targetChoice === 'all' ? devices.length : devices.filter((d) => d.fleetId === targetChoice).length;
  const targetName = deviceIds ? `${touched} selected ${touched === 1 ? 'device' : 'devices'}` : targetChoice === 'all' ? 'every device' : (fleets.find((f) => f.id === targetChoice)?.name ?? 'the fleet');

  const built = buildItem();
  const destructive = isDestructive(built.item);

  function buildItem(): { item: DeploymentItem | null; problem: string | null } {
    if (kind === 'command') return { item: { kind: 'command', requestType }, problem: null };
    if (kind === 'app') {
      const source = appSource.trim();
      if (/^\d+$/.test(source)) return { item: { kind: 'app', iTunesStoreId: Number(source) }, problem: null };
      if (/^https:\/\//.test(source)) return { item: { kind: 'app', manifestUrl: source }, problem: null };
      return { item: null, problem: 'Give the App Store id (digits) or the https URL of the app manifest.' };
    }
    if (!fileId) return { item: null, problem: 'Choose a file from the library.' };
    const pathProblem = managedPathProblem(destination);
    if (pathProblem) return { item: null, problem: pathProblem };
    return { item: { kind: 'file', fileId, destination: destination.trim() }, problem: null };
  }

  const confirm = () => {
    if (!built.item) return setError(built.problem);
    setBusy(true);
    setError(null);
    createDeployment({ item: built.item, target }).then(
      (deployment) => navigate(pathTo('/deployments/:id', { id: deployment.id })),
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(failure));
      },
    );
  };

  const confirmLabel = destructive ? `${commandLabel(requestType)}: ${touched} ${touched === 1 ? 'device' : 'devices'}` : 'Start deployment';
  return (
    <ConfirmDialog
      title="New deployment"
      confirmLabel={confirmLabel}
      busyLabel="Starting…"
      tone={destructive ? 'danger' : 'normal'}
      busy={busy}
      error={error}
      blocked={destructive && !understood}
      wide
      onCancel={onCancel}
      onConfirm={confirm}
    >
      <div className="field">
        <label htmlFor="deployment-kind">What</label>
        <select id="deployment-kind" className="input" value={kind} onChange={(event) => (setKind(event.target.value as Kind), setError(null), setUnderstood(false))}>
          <option value="command">A command</option>
          <option value="app">An app (Apple devices)</option>
          <option value="file">A file from the library (agents)</option>
        </select>
      </div>
      {kind === 'command' && (
        <div className="field">
          <label htmlFor="deployment-command">Command</label>
          <select id="deployment-command" className="input" value={requestType} onChange={(event) => (setRequestType(event.target.value), setUnderstood(false))}>
            <optgroup label="Apple devices">
              {appleCommandChoices.map((choice) => (
                <option key={choice.requestType} value={choice.requestType}>
                  {choice.label}
                </option>
              ))}
            </optgroup>
            <optgroup label="PCs with the agent">
              {agentCommandChoices.map((choice) => (
                <option key={choice.requestType} value={choice.requestType}>
                  {choice.label}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
      )}
      {kind === 'app' && (
        <TextField
          id="deployment-app"
          label="App Store id or manifest URL"
          value={appSource}
          onChange={(value) => (setAppSource(value), setError(null))}
          hint="For example 361309726, or https://apps.example.test/booking/manifest.plist for an in-house app."
        />
      )}
      {kind === 'file' &&
        (files.length === 0 ? (
          <p>
            The file library is empty. <a href="#/files">Upload a file</a> first.
          </p>
        ) : (
          <>
            <div className="field">
              <label htmlFor="deployment-file">File</label>
              <select
                id="deployment-file"
                className="input"
                value={fileId}
                onChange={(event) => {
                  setFileId(event.target.value);
                  setError(null);
                  const picked = files.find((file) => file.id === event.target.value);
                  if (picked && !destination) setDestination(picked.name);
                }}
              >
                <option value="">Choose a file…</option>
                {files.map((file) => (
                  <option key={file.id} value={file.id}>
                    {file.name}
                  </option>
                ))}
              </select>
            </div>
            <TextField id="deployment-destination" label="Where, inside the managed folder" value={destination} onChange={(value) => (setDestination(value), setError(null))} />
          </>
        ))}
      {deviceIds ? (
        <p>
          To <strong>{targetName}</strong>.
        </p>
      ) : (
        <div className="field">
          <label htmlFor="deployment-target">To</label>
          <select id="deployment-target" className="input" value={targetChoice} onChange={(event) => (setTargetChoice(event.target.value), setUnderstood(false))}>
            <option value="all">Every device</option>
            {fleets.map((fleet) => (
              <option key={fleet.id} value={fleet.id}>
                {fleet.id === defaultFleetId ? `${fleet.name} (devices in no other fleet)` : fleet.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="muted">
        {touched} {touched === 1 ? 'device' : 'devices'} now
        {target && 'fleetId' in target ? '; devices that join the fleet while it runs get it too' : ''}. Devices it does not fit are marked not applicable.
      </p>
      {destructive && (
        <label className="checkbox">
          <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
          <span>
            I understand: {commandLabel(requestType).toLowerCase()} on <strong>{touched}</strong> {touched === 1 ? 'device' : 'devices'} ({targetName}). This cannot be undone.
          </span>
        </label>
      )}
    </ConfirmDialog>
  );
}
