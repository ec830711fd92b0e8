import { useRef, useState, type DragEvent } from 'react';
import type { ProfileView } from '../../../../contract/profile-models';
import { navigate } from '../../app/hash-route';
import { pathTo } from '../../app/paths';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { blobFromBase64, downloadFile } from '../../components/download';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { ListStatus } from '../../components/ListStatus';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import './profiles.css';

const sourceText: Record<ProfileView['source'], string> = { built: 'Built in Lanyard', imported: 'Imported', 'imported-signed': 'Imported (was signed; now signed by the office)' };

/** The configuration-profile library: import .mobileconfig files (by picking or dropping them), export any version signed by the office, delete. */
export function ProfilesPage() {
  const profiles = useLanyard((s) => s.profiles);
  const { importProfile, removeProfile, profileFile, updateProfileDevices } = useActions();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [deleting, setDeleting] = useState<ProfileView | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const importFiles = async (files: readonly File[]) => {
    setMessage(null);
    setBusy(true);
    const done: string[] = [];
    try {
      for (const file of files) {
        try {
          const profile = await importProfile(new Uint8Array(await file.arrayBuffer()));
          done.push(`${profile.name} (${profile.payloads.length} payload${profile.payloads.length === 1 ? '' : 's'})`);
        } catch (error) {
          setMessage({ tone: 'error', text: `${file.name} was not imported. ${errorText(error)}` });
          return;
        }
      }
      setMessage({ tone: 'success', text: `Imported ${done.join(', ')}. Deploy it from the Deployments page or add it to a fleet's blueprint.` });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void importFiles([...event.dataTransfer.files]);
  };
  const exportProfile = async (profile: ProfileView) => {
    try {
      const { base64, contentType } = await profileFile(profile.id);
      downloadFile(`${profile.identifier}-v${profile.version}.mobileconfig`, blobFromBase64(base64, contentType));
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    }
  };
  const [updating, setUpdating] = useState<ProfileView | null>(null);
  const [updateError, setUpdateError] = useState<string | null>(null);
  const updateDevices = async (profile: ProfileView) => {
    setUpdateError(null);
    try {
      const deployment = await updateProfileDevices(profile.id);
      setUpdating(null);
      navigate(pathTo('/deployments/:id', { id: deployment.id }));
    } catch (error) {
      setUpdateError(errorText(error));
    }
  };
  const [alsoFromDevices, setAlsoFromDevices] = useState(false);
  const holders = (profile: ProfileView) => profile.devices.versions.reduce((sum, v) => sum + v.devices, 0) + profile.devices.installing;
  const remove = async () => {
    if (!deleting) return;
    setDeleteError(null);
    try {
      const { removal } = await removeProfile(deleting.id, alsoFromDevices);
      setDeleting(null);
      setAlsoFromDevices(false);
      if (removal) navigate(pathTo('/deployments/:id', { id: removal.deploymentId }));
      else setMessage({ tone: 'success', text: `${deleting.name} was deleted from the library. Devices that have it keep it.` });
    } catch (error) {
      setDeleteError(errorText(error));
    }
  };

  return (
    <div className="page profiles-page">
      <PageHeader title="Profiles">
        <p>Configuration profiles (Wi-Fi, passcode, restrictions…) for Apple devices. Each change is a new version, signed by the office; devices get them by deployment or by their fleet's blueprint.</p>
      </PageHeader>
      <div className="page-actions">
        <a className="button button-primary" href="#/profiles/new">
          New profile…
        </a>
      </div>
      <div
        className={`card profile-drop${dragging ? ' profile-drop-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <div className="field">
          <label htmlFor="profile-import">Import a .mobileconfig</label>
          <input id="profile-import" ref={input} className="input" type="file" accept=".mobileconfig,application/x-apple-aspen-config" multiple disabled={busy} onChange={(event) => void importFiles([...(event.target.files ?? [])])} />
          <p className="field-hint">Or drop files here. Signed or not, XML or binary: every key is kept; Lanyard signs it again with the office identity.</p>
        </div>
      </div>
      <LiveMessage message={message} />
      <ListStatus
        list={profiles}
        loadingText="Loading profiles…"
        empty={
          <div className="card empty-state">
            <h2>No profiles yet</h2>
            <p>Build one with New profile, or import one made with Apple Configurator or iMazing Profile Editor.</p>
          </div>
        }
      >
        <div className="table-wrap">
          <table className="data-table profile-table">
            <caption className="visually-hidden">Profiles</caption>
            <thead>
              <tr>
                <th scope="col">Profile</th>
                <th scope="col">Payloads</th>
                <th scope="col" className="number">
                  Version
                </th>
                <th scope="col">On devices</th>
                <th scope="col">Changed</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.items.map((profile) => (
                <tr key={profile.id} data-profile-id={profile.id}>
                  <th scope="row">
                    <a href={`#${pathTo('/profiles/:id', { id: profile.id })}`}>{profile.name}</a>
                    <span className="cell-detail mono">{profile.identifier}</span>
                  </th>
                  <td>
                    {profile.payloads.map((payload) => String(payload.PayloadType)).join(', ')}
                    <span className="cell-detail">{sourceText[profile.source]}</span>
                  </td>
                  <td className="number">{profile.version}</td>
                  <td>
                    <OnDevices profile={profile} onUpdate={() => setUpdating(profile)} />
                  </td>
                  <td className="nowrap">
                    <RelativeTime iso={profile.updatedAt} />
                  </td>
                  <td className="row-actions">
                    <button type="button" className="button button-quiet" onClick={() => void exportProfile(profile)}>
                      Export
                    </button>
                    <button type="button" className="button button-quiet" onClick={() => setDeleting(profile)}>
                      Delete…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ListStatus>
      {updating && (
        <ConfirmDialog
          title={`Update ${updating.name} on ${updating.devices.outOfDate} ${updating.devices.outOfDate === 1 ? 'device' : 'devices'}?`}
          confirmLabel={`Send version ${updating.version}`}
          error={updateError}
          onConfirm={() => void updateDevices(updating)}
          onCancel={() => setUpdating(null)}
        >
          <p>
            The {updating.devices.outOfDate} {updating.devices.outOfDate === 1 ? 'device that has' : 'devices that have'} an older version get version {updating.version}; the new version replaces the old one on each.
          </p>
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel={alsoFromDevices ? `Delete and remove from ${holders(deleting)} ${holders(deleting) === 1 ? 'device' : 'devices'}` : 'Delete profile'}
          tone="danger"
          error={deleteError}
          onConfirm={() => void remove()}
          onCancel={() => (setDeleting(null), setAlsoFromDevices(false))}
        >
          <p>It leaves the library with all its versions; blueprints and deployments that name it can no longer send it.</p>
          {holders(deleting) > 0 ? (
            <label className="checkbox">
              <input type="checkbox" checked={alsoFromDevices} onChange={(event) => setAlsoFromDevices(event.target.checked)} />
              <span>
                Also remove it from the <strong>{holders(deleting)}</strong> {holders(deleting) === 1 ? 'device that has' : 'devices that have'} it (otherwise they keep it)
              </span>
            </label>
          ) : (
            <p className="muted">No device has it from Lanyard.</p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Which versions devices have, and the way to bring the out-of-date ones up to this version. */
function OnDevices({ profile, onUpdate }: { profile: ProfileView; onUpdate(): void }) {
  const { versions, outOfDate, installing, failed } = profile.devices;
  if (versions.length === 0 && installing === 0 && failed === 0) return <span className="muted">None yet</span>;
  return (
    <>
      {versions.map((v) => `${v.devices} on v${v.version}`).join(', ') || '—'}
      <span className="cell-detail">
        {[installing ? `${installing} installing` : '', failed ? `${failed} failed` : '', outOfDate ? `${outOfDate} out of date` : 'all up to date'].filter(Boolean).join(' · ')}
      </span>
      {outOfDate > 0 && (
        <button type="button" className="button button-quiet" onClick={onUpdate}>
          Update {outOfDate} {outOfDate === 1 ? 'device' : 'devices'}
        </button>
      )}
    </>
  );
}
