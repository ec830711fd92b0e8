import { useState } from 'react';
import type { DeviceDetail } from '../../../../contract/command-models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { readFile } from '../../components/download';
import { TextField } from '../../components/TextField';
import { deviceTitle } from '../devices/device-labels';
import { useEnqueue, type CommandRequest } from './use-enqueue';

export interface CommandDialogProps {
  device: DeviceDetail;
  /** Called with a sentence for the page once the command is queued. */
  onQueued(text: string): void;
  onCancel(): void;
}

const isMac = (device: DeviceDetail) => device.platform === 'macos';
const pinPattern = /^\d{6}$/;
const queuedText = (what: string, device: DeviceDetail) => `${what} was queued. ${deviceTitle(device)} gets it when it next connects; Lanyard wakes it with a push.`;

/** A confirmation for a command without parameters (Clear passcode, Restart, Shut down). */
export function SimpleCommandDialog({
  device,
  onQueued,
  onCancel,
  request,
  title,
  confirmLabel,
  explanation,
  danger = false,
}: CommandDialogProps & { request: CommandRequest; title: string; confirmLabel: string; explanation: string; danger?: boolean }) {
  const { busy, error, send } = useEnqueue(device.id);
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirmLabel}
      busyLabel="Queuing…"
      tone={danger ? 'danger' : 'normal'}
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={() => void send([request]).then((ok) => ok && onQueued(queuedText(confirmLabel, device)))}
    >
      <p>{explanation}</p>
    </ConfirmDialog>
  );
}

export function LockDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [message, setMessage] = useState('');
  const [phoneNumber, setPhoneNumber] = useState('');
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | undefined>();
  const mac = isMac(device);

  const confirm = () => {
    if (mac && !pinPattern.test(pin)) return setPinError('Enter 6 digits. The Mac can only be unlocked with this PIN.');
    const request: CommandRequest = {
      requestType: 'DeviceLock',
      ...(message.trim() ? { message: message.trim() } : {}),
      ...(phoneNumber.trim() ? { phoneNumber: phoneNumber.trim() } : {}),
      ...(mac ? { pin } : {}),
    };
    void send([request]).then((ok) => ok && onQueued(queuedText('Lock', device)));
  };

  return (
    <ConfirmDialog title={`Lock ${deviceTitle(device)}?`} confirmLabel="Lock device" busyLabel="Queuing…" tone="danger" busy={busy} error={error} onCancel={onCancel} onConfirm={confirm}>
      <p>
        {mac
          ? 'The Mac restarts and locks. It can only be unlocked with the PIN below: write it down.'
          : 'The device locks its screen at once. The user unlocks it with their passcode.'}
      </p>
      <TextField id="lock-message" label="Message on the lock screen" value={message} onChange={setMessage} placeholder="e.g. This device belongs to Acme. Please call us." />
      <TextField id="lock-phone" label="Phone number on the lock screen" type="tel" inputMode="tel" value={phoneNumber} onChange={setPhoneNumber} />
      {mac && (
        <TextField
          id="lock-pin"
          label="6-digit PIN"
          inputMode="numeric"
          short
          value={pin}
          onChange={(value) => {
            setPin(value.trim());
            setPinError(undefined);
          }}
          error={pinError}
        />
      )}
    </ConfirmDialog>
  );
}

export function EraseDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [typed, setTyped] = useState('');
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | undefined>();
  const [preserveDataPlan, setPreserveDataPlan] = useState(true);
  const mac = isMac(device);
  const name = device.name;
  const nameMatches = typed === name && name !== '';

  const confirm = () => {
    if (!nameMatches) return;
    if (mac && pin && !pinPattern.test(pin)) return setPinError('Enter 6 digits, or leave it empty.');
    const request: CommandRequest = { requestType: 'EraseDevice', ...(mac ? (pin ? { pin } : {}) : { preserveDataPlan }) };
    void send([request]).then((ok) => ok && onQueued(queuedText('Erase', device)));
  };

  return (
    <ConfirmDialog
      title={`Erase ${deviceTitle(device)}?`}
      confirmLabel="Erase device"
      busyLabel="Queuing…"
      tone="danger"
      busy={busy}
      error={error}
      blocked={!nameMatches}
      onCancel={onCancel}
      onConfirm={confirm}
    >
      <p>
        <strong>Everything on the device is deleted</strong> and it returns to factory settings. It leaves management and must be enrolled again. This cannot be
        undone.
      </p>
      {mac ? (
        <TextField
          id="erase-pin"
          label="6-digit PIN (older Macs)"
          inputMode="numeric"
          short
          value={pin}
          onChange={(value) => {
            setPin(value.trim());
            setPinError(undefined);
          }}
          error={pinError}
          hint="Macs with a T2 chip or Apple silicon need none. On older Macs the PIN unlocks the Mac after erasing."
        />
      ) : (
        <label className="checkbox">
          <input type="checkbox" checked={preserveDataPlan} onChange={(event) => setPreserveDataPlan(event.target.checked)} />
          <span>Keep the cellular data plan (eSIM)</span>
        </label>
      )}
      <TextField
        id="erase-confirm-name"
        label={`Type the device name “${name}” to confirm`}
        value={typed}
        onChange={setTyped}
        hint={typed && !nameMatches ? 'This is not the device name yet (capitals and spaces count).' : undefined}
      />
    </ConfirmDialog>
  );
}

export function RenameDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [name, setName] = useState(device.name);
  const [nameError, setNameError] = useState<string | undefined>();
  const confirm = () => {
    const deviceName = name.trim();
    if (!deviceName) return setNameError('Enter the new name.');
    if (deviceName.length > 120) return setNameError('Use at most 120 characters.');
    void send([{ requestType: 'Settings', deviceName }]).then((ok) => ok && onQueued(queuedText(`Renaming to “${deviceName}”`, device)));
  };
  return (
    <ConfirmDialog title={`Rename ${deviceTitle(device)}`} confirmLabel="Rename" busyLabel="Queuing…" busy={busy} error={error} onCancel={onCancel} onConfirm={confirm}>
      <TextField
        id="rename-name"
        label="New device name"
        value={name}
        onChange={(value) => {
          setName(value);
          setNameError(undefined);
        }}
        error={nameError}
      />
    </ConfirmDialog>
  );
}

export function LostModeDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [message, setMessage] = useState('');
  const [phoneNumber, setPhoneNumber] = useState('');
  const [footnote, setFootnote] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const confirm = () => {
    if (!message.trim() && !phoneNumber.trim()) return setMissing('Give a message or a phone number to show on the lost device.');
    const request: CommandRequest = {
      requestType: 'EnableLostMode',
      ...(message.trim() ? { message: message.trim() } : {}),
      ...(phoneNumber.trim() ? { phoneNumber: phoneNumber.trim() } : {}),
      ...(footnote.trim() ? { footnote: footnote.trim() } : {}),
    };
    void send([request]).then((ok) => ok && onQueued(queuedText('Lost mode', device)));
  };
  return (
    <ConfirmDialog
      title={`Put ${deviceTitle(device)} in lost mode?`}
      confirmLabel="Enable lost mode"
      busyLabel="Queuing…"
      tone="danger"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={confirm}
    >
      <p>The device locks and shows your message until you disable lost mode here. While it is lost you can locate it and make it play a sound.</p>
      <TextField
        id="lost-message"
        label="Message"
        value={message}
        onChange={(value) => {
          setMessage(value);
          setMissing(undefined);
        }}
        error={missing}
        placeholder="e.g. This iPhone was lost. Please call us."
      />
      <TextField
        id="lost-phone"
        label="Phone number"
        type="tel"
        inputMode="tel"
        value={phoneNumber}
        onChange={(value) => {
          setPhoneNumber(value);
          setMissing(undefined);
        }}
      />
      <TextField id="lost-footnote" label="Footnote" value={footnote} onChange={setFootnote} hint="Optional, shown in small print." />
    </ConfirmDialog>
  );
}

export function InstallAppDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [source, setSource] = useState<'store' | 'manifest'>('store');
  const [storeId, setStoreId] = useState('');
  const [manifestUrl, setManifestUrl] = useState('');
  const [removeWithMdm, setRemoveWithMdm] = useState(true);
  const [fieldError, setFieldError] = useState<string | undefined>();

  const confirm = () => {
    let request: CommandRequest;
    if (source === 'store') {
      const id = /(?:id)?(\d{5,12})\s*$/.exec(storeId.trim())?.[1];
      if (!id) return setFieldError('Enter the App Store ID: the number after “id” in the app’s App Store link.');
      request = { requestType: 'InstallApplication', iTunesStoreId: Number(id), removeWithMdm };
    } else {
      if (!/^https:\/\/\S+$/.test(manifestUrl.trim())) return setFieldError('Enter the https:// address of the app’s manifest (.plist).');
      request = { requestType: 'InstallApplication', manifestUrl: manifestUrl.trim(), removeWithMdm };
    }
    void send([request]).then((ok) => ok && onQueued(queuedText('Installing the app', device)));
  };

  return (
    <ConfirmDialog title="Install an app" confirmLabel="Install app" busyLabel="Queuing…" busy={busy} error={error} wide onCancel={onCancel} onConfirm={confirm}>
      <fieldset className="choice-group">
        <legend>Where the app comes from</legend>
        <label className="choice">
          <input type="radio" name="app-source" checked={source === 'store'} onChange={() => {
              setSource('store');
              setFieldError(undefined);
            }} />
          <span className="choice-text">
            <span className="choice-value">App Store</span>
            <span className="choice-detail">The device user may be asked to sign in with their Apple ID.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="app-source" checked={source === 'manifest'} onChange={() => {
              setSource('manifest');
              setFieldError(undefined);
            }} />
          <span className="choice-text">
            <span className="choice-value">In-house app (manifest URL)</span>
            <span className="choice-detail">An enterprise or ad-hoc app described by a manifest .plist on an https server.</span>
          </span>
        </label>
      </fieldset>
      {source === 'store' ? (
        <TextField
          id="app-store-id"
          label="App Store ID"
          inputMode="numeric"
          value={storeId}
          onChange={(value) => {
            setStoreId(value);
            setFieldError(undefined);
          }}
          error={fieldError}
          placeholder="e.g. 310633997"
          hint="The number at the end of the app’s App Store link (…/id310633997)."
        />
      ) : (
        <TextField
          id="app-manifest-url"
          label="Manifest URL"
          type="url"
          inputMode="url"
          value={manifestUrl}
          onChange={(value) => {
            setManifestUrl(value);
            setFieldError(undefined);
          }}
          error={fieldError}
          placeholder="https://"
        />
      )}
      <label className="checkbox">
        <input type="checkbox" checked={removeWithMdm} onChange={(event) => setRemoveWithMdm(event.target.checked)} />
        <span>Remove the app when the device leaves management</span>
      </label>
    </ConfirmDialog>
  );
}

export function InstallProfileDialog({ device, onQueued, onCancel }: CommandDialogProps) {
  const { busy, error, send } = useEnqueue(device.id);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const confirm = () => {
    if (!file) return setFileError('Choose a configuration profile (.mobileconfig).');
    void send([{ requestType: 'InstallProfile', profileBase64: file.base64 }]).then((ok) => ok && onQueued(queuedText(`Installing ${file.name}`, device)));
  };
  return (
    <ConfirmDialog title="Install a configuration profile" confirmLabel="Install profile" busyLabel="Queuing…" busy={busy} error={error} onCancel={onCancel} onConfirm={confirm}>
      <p>Choose an unsigned configuration profile, for example one made with Apple Configurator or iMazing Profile Editor. Lanyard signs it for the office.</p>
      <div className={`field${fileError ? ' field-invalid' : ''}`}>
        <label htmlFor="profile-file">Profile file</label>
        <input
          id="profile-file"
          className="input"
          type="file"
          accept=".mobileconfig,application/x-apple-aspen-config"
          aria-describedby={fileError ? 'profile-file-error' : undefined}
          onChange={(event) => {
            const picked = event.target.files?.[0];
            setFileError(null);
            if (!picked) return setFile(null);
            readFile(picked, 'base64').then(
              (base64) => setFile({ name: picked.name, base64 }),
              (failure: Error) => setFileError(failure.message),
            );
          }}
        />
        {fileError && (
          <p id="profile-file-error" className="field-error">
            {fileError}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}

/** Removing one item the device lists (a profile or an app). */
export function RemoveItemDialog({
  device,
  onQueued,
  onCancel,
  kind,
  name,
  identifier,
}: CommandDialogProps & { kind: 'profile' | 'app'; name: string; identifier: string }) {
  const { busy, error, send } = useEnqueue(device.id);
  const requestType = kind === 'profile' ? 'RemoveProfile' : 'RemoveApplication';
  return (
    <ConfirmDialog
      title={`Remove ${kind === 'profile' ? 'the profile' : 'the app'} “${name}”?`}
      confirmLabel={kind === 'profile' ? 'Remove profile' : 'Remove app'}
      busyLabel="Queuing…"
      tone="danger"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={() => void send([{ requestType, identifier }]).then((ok) => ok && onQueued(queuedText(`Removing ${name}`, device)))}
    >
      <p>
        {kind === 'profile'
          ? 'The profile and the settings it holds are removed from the device.'
          : 'The app and its data are removed from the device. Only apps installed through Lanyard can be removed.'}
      </p>
      <p className="mono small">{identifier}</p>
    </ConfirmDialog>
  );
}
