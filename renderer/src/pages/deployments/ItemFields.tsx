import { useState } from 'react';
import type { DeploymentItem } from '../../../../contract/deployment-models';
import { TextField } from '../../components/TextField';
import { useLanyard } from '../../state/app-context';
import { managedPathProblem } from '../device/agent-dialogs';
import { agentCommandChoices, appleCommandChoices } from './deployment-choices';

export type ItemKind = DeploymentItem['kind'];

const kindLabels: Record<ItemKind, string> = {
  command: 'A command',
  profile: 'A configuration profile (Apple devices)',
  app: 'An app (Apple devices)',
  file: 'A file from the library (agents)',
};

/**
 * The fields that choose one item (a command, a library profile, an app or a
 * library file) and the item they make, or why they do not make one yet.
 * The deployment dialog and the blueprint dialog both use it.
 */
export function useItemDraft(kinds: readonly ItemKind[], onChange: () => void = () => undefined) {
  const profiles = useLanyard((s) => s.profiles.items);
  const files = useLanyard((s) => s.files.items);
  const [kind, setKind] = useState<ItemKind>(kinds[0]!);
  const [requestType, setRequestType] = useState('DeviceInformation');
  const [profileId, setProfileId] = useState('');
  const [appSource, setAppSource] = useState('');
  const [fileId, setFileId] = useState('');
  const [destination, setDestination] = useState('');
  const changed = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    onChange();
  };

  const build = (): { item: DeploymentItem | null; problem: string | null } => {
    switch (kind) {
      case 'command':
        return { item: { kind: 'command', requestType }, problem: null };
      case 'profile':
        return profileId ? { item: { kind: 'profile', profileId }, problem: null } : { item: null, problem: 'Choose a profile from the library.' };
      case 'app': {
        const source = appSource.trim();
        if (/^\d+$/.test(source)) return { item: { kind: 'app', iTunesStoreId: Number(source) }, problem: null };
        if (/^https:\/\//.test(source)) return { item: { kind: 'app', manifestUrl: source }, problem: null };
        return { item: null, problem: 'Give the App Store id (digits) or the https URL of the app manifest.' };
      }
      case 'file': {
        if (!fileId) return { item: null, problem: 'Choose a file from the library.' };
        const pathProblem = managedPathProblem(destination);
        return pathProblem ? { item: null, problem: pathProblem } : { item: { kind: 'file', fileId, destination: destination.trim() }, problem: null };
      }
    }
  };

  const fields = (
    <>
      <div className="field">
        <label htmlFor="item-kind">What</label>
        <select id="item-kind" className="input" value={kind} onChange={(event) => changed(setKind)(event.target.value as ItemKind)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {kindLabels[k]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'command' && (
        <div className="field">
          <label htmlFor="item-command">Command</label>
          <select id="item-command" className="input" value={requestType} onChange={(event) => changed(setRequestType)(event.target.value)}>
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
      {kind === 'profile' &&
        (profiles.length === 0 ? (
          <p>
            The profile library is empty. <a href="#/profiles">Import a profile</a> first.
          </p>
        ) : (
          <div className="field">
            <label htmlFor="item-profile">Profile</label>
            <select id="item-profile" className="input" value={profileId} onChange={(event) => changed(setProfileId)(event.target.value)}>
              <option value="">Choose a profile…</option>
              {profiles.map((profile) => (
                <option key={profile.id} value={profile.id}>
                  {profile.name} (version {profile.version})
                </option>
              ))}
            </select>
          </div>
        ))}
      {kind === 'app' && (
        <TextField
          id="item-app"
          label="App Store id or manifest URL"
          value={appSource}
          onChange={changed(setAppSource)}
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
              <label htmlFor="item-file">File</label>
              <select
                id="item-file"
                className="input"
                value={fileId}
                onChange={(event) => {
                  changed(setFileId)(event.target.value);
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
            <TextField id="item-destination" label="Where, inside the managed folder" value={destination} onChange={changed(setDestination)} />
          </>
        ))}
    </>
  );
  return { kind, requestType, fields, build };
}
