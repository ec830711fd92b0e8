import { useEffect, useState } from 'react';
import type { BlueprintItem, BlueprintView } from '../../../../contract/blueprint-models';
import type { PageProps } from '../../app/paths';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { Loading } from '../../components/Loading';
import { MissingItem } from '../../components/MissingItem';
import { PageHeader } from '../../components/PageHeader';
import { ProgressBar } from '../../components/ProgressBar';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { useItemDraft } from '../deployments/ItemFields';
import { devicesLink } from '../devices/device-filter';
import './fleets.css';

type ItemView = BlueprintView['items'][number];

/** One fleet: its devices, and its blueprint (what every device in it gets), live as devices install and remove its items. */
export function FleetPage({ params }: PageProps) {
  const id = params.id!;
  const fleet = useLanyard((s) => s.fleets.byId.get(id) ?? null);
  const fleetsLoaded = useLanyard((s) => s.fleets.loaded);
  const deviceCount = useLanyard((s) => s.devices.items.filter((d) => d.fleetId === id).length);
  const blueprint = useLanyard((s) => (s.blueprint.fleetId === id ? s.blueprint : null));
  const { openBlueprint, closeBlueprint, setBlueprint } = useActions();
  const [adding, setAdding] = useState(false);
  const [takingOut, setTakingOut] = useState<ItemView | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  useEffect(() => {
    void openBlueprint(id);
    return () => closeBlueprint(id);
  }, [id, openBlueprint, closeBlueprint]);

  if (fleetsLoaded && !fleet) {
    return <MissingItem what="fleet" listHref="#/fleets" listLabel="See every fleet" />;
  }
  if (!fleet || !blueprint?.view) return blueprint?.error ? <p className="notice notice-error">{blueprint.error}</p> : <Loading text="Loading the fleet…" />;
  const view = blueprint.view;
  const items = view.items.map((i) => i.item);
  const save = async (next: BlueprintItem[], text: string) => {
    await setBlueprint(id, next);
    setMessage({ tone: 'success', text });
  };

  return (
    <div className="page fleet-page">
      <PageHeader title={fleet.name}>
        <p>
          <a href="#/fleets">Fleets</a> · <a href={devicesLink({ fleetId: id })}>{deviceCount} {deviceCount === 1 ? 'device' : 'devices'}</a>
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="fleet-blueprint">
        <h2 id="fleet-blueprint">Blueprint</h2>
        <p className="muted">
          What every device in {fleet.name} should have. Lanyard installs it when a device enrols or joins, and takes off what it installed when an item is taken out or a device
          leaves. Items that do not fit a device (a profile on a PC, a file on an iPad) are marked not applicable.
        </p>
        {view.items.length === 0 ? (
          <p>The blueprint is empty.</p>
        ) : (
          <ul className="plain-list blueprint-items">
            {view.items.map((entry) => {
              const { installed, installing, failed, not_applicable: notApplicable } = entry.counts;
              const total = installed + installing + failed + notApplicable;
              return (
                <li key={entry.key} data-item-key={entry.key}>
                  <div className="blueprint-item-head">
                    <strong>{entry.summary}</strong>
                    <button type="button" className="button button-quiet" onClick={() => setTakingOut(entry)}>
                      Take out…
                    </button>
                  </div>
                  <ProgressBar
                    label={`Devices with ${entry.summary}`}
                    total={total}
                    done={installed + failed + notApplicable}
                    segments={[
                      { key: 'done', label: 'Installed', count: installed },
                      { key: 'failed', label: 'Failed', count: failed },
                      { key: 'sent', label: 'Installing', count: installing },
                      { key: 'not_applicable', label: 'Not applicable', count: notApplicable },
                    ]}
                  />
                </li>
              );
            })}
          </ul>
        )}
        {view.removing > 0 && <p className="muted">Taking items off {view.removing} {view.removing === 1 ? 'device' : 'devices'}…</p>}
        <div className="page-actions">
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            Add to blueprint…
          </button>
        </div>
        <LiveMessage message={message} />
      </section>
      {adding && <AddItemDialog onAdd={(item) => save([...items, item], 'Added to the blueprint; devices in the fleet are getting it.')} onClose={() => setAdding(false)} />}
      {takingOut && (
        <TakeOutDialog
          entry={takingOut}
          onConfirm={() => save(items.filter((_, index) => view.items[index]!.key !== takingOut.key), `Taken out of the blueprint; it is being removed from the devices that have it.`)}
          onClose={() => setTakingOut(null)}
        />
      )}
    </div>
  );
}

function AddItemDialog({ onAdd, onClose }: { onAdd(item: BlueprintItem): Promise<void>; onClose(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const draft = useItemDraft(['profile', 'app', 'file'], () => setError(null));
  const confirm = () => {
    const { item, problem } = draft.build();
    if (!item || item.kind === 'command') return setError(problem);
    setBusy(true);
    onAdd(item).then(onClose, (failure: unknown) => (setBusy(false), setError(errorText(failure))));
  };
  return (
    <ConfirmDialog title="Add to the blueprint" confirmLabel="Add" busyLabel="Adding…" busy={busy} error={error} wide onConfirm={confirm} onCancel={onClose}>
      {draft.fields}
    </ConfirmDialog>
  );
}

/** Taking an item out removes it from every device that has it: said with their number. */
function TakeOutDialog({ entry, onConfirm, onClose }: { entry: ItemView; onConfirm(): Promise<void>; onClose(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const touched = entry.counts.installed + entry.counts.installing;
  return (
    <ConfirmDialog
      title="Take it out of the blueprint?"
      confirmLabel={touched > 0 ? `Take out and remove from ${touched} ${touched === 1 ? 'device' : 'devices'}` : 'Take out'}
      busyLabel="Taking out…"
      tone="danger"
      busy={busy}
      error={error}
      onConfirm={() => {
        setBusy(true);
        onConfirm().then(onClose, (failure: unknown) => (setBusy(false), setError(errorText(failure))));
      }}
      onCancel={onClose}
    >
      <p>
        <strong>{entry.summary}</strong> leaves the blueprint. {touched > 0 ? `It is removed from the ${touched} ${touched === 1 ? 'device' : 'devices'} it was installed on by the blueprint; nothing else on them changes.` : 'No device has it from the blueprint.'}
      </p>
    </ConfirmDialog>
  );
}
