import { useMemo, useState, type FormEvent } from 'react';
import type { FleetView } from '../../../../contract/fleet-models';
import { pathTo } from '../../app/paths';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { ListStatus } from '../../components/ListStatus';
import { PageHeader } from '../../components/PageHeader';
import { TextField } from '../../components/TextField';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { devicesLink } from '../devices/device-filter';
import './fleets.css';

/** Groups of devices that get the same things: create, rename and delete them; devices are moved from the Devices page. */
export function FleetsPage() {
  const fleets = useLanyard((s) => s.fleets);
  const devices = useLanyard((s) => s.devices.items);
  const { createFleet } = useActions();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [renaming, setRenaming] = useState<FleetView | null>(null);
  const [deleting, setDeleting] = useState<FleetView | null>(null);
  const counts = useMemo(() => {
    const byFleet = new Map<string, number>();
    for (const device of devices) byFleet.set(device.fleetId, (byFleet.get(device.fleetId) ?? 0) + 1);
    return byFleet;
  }, [devices]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setNameError('Give the fleet a name.');
    setBusy(true);
    setMessage(null);
    try {
      const fleet = await createFleet(name.trim());
      setName('');
      setMessage({ tone: 'success', text: `${fleet.name} was created. Move devices into it from the Devices page.` });
    } catch (error) {
      setNameError(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page fleets-page">
      <PageHeader title="Fleets">
        <p>
          A fleet is a group of devices that get the same things, such as “Front desk iPads” or “Office PCs”. Every device is in exactly one; new devices join the fleet
          their invitation names, or <strong>Unassigned</strong>. Select devices on the <a href="#/devices">Devices</a> page to move them.
        </p>
      </PageHeader>
      <form className="card fleet-create" onSubmit={(event) => void create(event)} noValidate>
        <TextField id="fleet-name" label="New fleet" value={name} onChange={(value) => (setName(value), setNameError(undefined))} error={nameError} placeholder="Front desk iPads" />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create fleet'}
        </button>
      </form>
      <LiveMessage message={message} />
      <ListStatus list={fleets} loadingText="Loading fleets…">
        <div className="table-wrap">
          <table className="data-table fleet-table">
            <caption className="visually-hidden">Fleets</caption>
            <thead>
              <tr>
                <th scope="col">Fleet</th>
                <th scope="col" className="number">
                  Devices
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fleets.items.map((fleet) => (
                <tr key={fleet.id} data-fleet-id={fleet.id}>
                  <th scope="row">
                    <a href={`#${pathTo('/fleets/:id', { id: fleet.id })}`}>{fleet.name}</a>
                    {fleet.isDefault && <span className="cell-detail">Devices in no other fleet; it cannot be deleted.</span>}
                  </th>
                  <td className="number">
                    <a href={devicesLink({ fleetId: fleet.id })} aria-label={`${counts.get(fleet.id) ?? 0} devices in ${fleet.name}`}>
                      {counts.get(fleet.id) ?? 0}
                    </a>
                  </td>
                  <td className="row-actions">
                    <button type="button" className="button button-quiet" onClick={() => setRenaming(fleet)}>
                      Rename…
                    </button>
                    {!fleet.isDefault && (
                      <button type="button" className="button button-quiet" onClick={() => setDeleting(fleet)}>
                        Delete…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ListStatus>
      {renaming && <RenameFleetDialog fleet={renaming} onDone={(text) => (setRenaming(null), text && setMessage({ tone: 'success', text }))} />}
      {deleting && <DeleteFleetDialog fleet={deleting} deviceCount={counts.get(deleting.id) ?? 0} onDone={(text) => (setDeleting(null), text && setMessage({ tone: 'success', text }))} />}
    </div>
  );
}

function RenameFleetDialog({ fleet, onDone }: { fleet: FleetView; onDone(message: string | null): void }) {
  const { renameFleet } = useActions();
  const [name, setName] = useState(fleet.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    setBusy(true);
    renameFleet(fleet.id, name.trim()).then(
      (renamed) => onDone(`${fleet.name} is now called ${renamed.name}.`),
      (failure: unknown) => (setBusy(false), setError(errorText(failure))),
    );
  };
  return (
    <ConfirmDialog title={`Rename ${fleet.name}`} confirmLabel="Rename" busyLabel="Renaming…" busy={busy} error={error} blocked={!name.trim()} onConfirm={confirm} onCancel={() => onDone(null)}>
      <TextField id="fleet-rename" label="Name" value={name} onChange={(value) => (setName(value), setError(null))} />
    </ConfirmDialog>
  );
}

function DeleteFleetDialog({ fleet, deviceCount, onDone }: { fleet: FleetView; deviceCount: number; onDone(message: string | null): void }) {
  const { removeFleet } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    setBusy(true);
    removeFleet(fleet.id).then(
      () => onDone(`${fleet.name} was deleted${deviceCount ? `; its ${deviceCount} ${deviceCount === 1 ? 'device is' : 'devices are'} back in Unassigned` : ''}.`),
      (failure: unknown) => (setBusy(false), setError(errorText(failure))),
    );
  };
  return (
    <ConfirmDialog title={`Delete ${fleet.name}?`} confirmLabel="Delete fleet" busyLabel="Deleting…" tone="danger" busy={busy} error={error} onConfirm={confirm} onCancel={() => onDone(null)}>
      <p>
        {deviceCount === 0 ? 'It has no devices.' : `Its ${deviceCount} ${deviceCount === 1 ? 'device goes' : 'devices go'} back to Unassigned.`} Nothing is removed from the
        devices.
      </p>
    </ConfirmDialog>
  );
}
