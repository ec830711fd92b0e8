import { useState } from 'react';
import type { DeploymentTarget } from '../../../../contract/deployment-models';
import { defaultFleetId } from '../../../../contract/fleet-models';
import { navigate } from '../../app/hash-route';
import { pathTo } from '../../app/paths';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { commandLabel, isDestructive } from './deployment-choices';
import { useItemDraft } from './ItemFields';

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
  const draft = useItemDraft(['command', 'profile', 'app', 'file'], () => (setError(null), setUnderstood(false)));
  const [targetChoice, setTargetChoice] = useState<string>(fleets.find((f) => !f.isDefault)?.id ?? 'all');
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const target: DeploymentTarget = deviceIds ? { deviceIds: [...deviceIds] } : targetChoice === 'all' ? { all: true } : { fleetId: targetChoice };
  const touched = deviceIds ? deviceIds.length : targetChoice === 'all' ? devices.length : devices.filter((d) => d.fleetId === targetChoice).length;
  const targetName = deviceIds ? `${touched} selected ${touched === 1 ? 'device' : 'devices'}` : targetChoice === 'all' ? 'every device' : (fleets.find((f) => f.id === targetChoice)?.name ?? 'the fleet');

  const built = draft.build();
  const destructive = isDestructive(built.item);
  const requestType = draft.requestType;

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
      {draft.fields}
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
