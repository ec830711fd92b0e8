import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';

/** Moves the selected devices into one fleet (all of them or, if one is unknown, none). */
export function MoveToFleetDialog({ deviceIds, onDone }: { deviceIds: readonly string[]; onDone(message: string | null): void }) {
  const fleets = useLanyard((s) => s.fleets.items);
  const { moveDevices } = useActions();
  const [fleetId, setFleetId] = useState(fleets.find((fleet) => !fleet.isDefault)?.id ?? fleets[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = deviceIds.length;
  const confirm = () => {
    setBusy(true);
    moveDevices(fleetId, [...deviceIds]).then(
      ({ fleet }) => onDone(`${count} ${count === 1 ? 'device is' : 'devices are'} now in ${fleet.name}.`),
      (failure: unknown) => (setBusy(false), setError(errorText(failure))),
    );
  };
  return (
    <ConfirmDialog title={`Move ${count} ${count === 1 ? 'device' : 'devices'}`} confirmLabel="Move" busyLabel="Moving…" busy={busy} error={error} blocked={!fleetId} onConfirm={confirm} onCancel={() => onDone(null)}>
      <div className="field">
        <label htmlFor="move-fleet">To fleet</label>
        <select id="move-fleet" className="input" value={fleetId} onChange={(event) => (setFleetId(event.target.value), setError(null))}>
          {fleets.map((fleet) => (
            <option key={fleet.id} value={fleet.id}>
              {fleet.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted">
        Create fleets on the <a href="#/fleets">Fleets</a> page.
      </p>
    </ConfirmDialog>
  );
}
