import { useState } from 'react';
import type { DeviceDetail } from '../../../../contract/command-models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { useActions } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { deviceTitle } from '../devices/device-labels';

/** Removing a device from management: it unenrolls itself at its next check-in. */
export function RemoveDevice({ device }: { device: DeviceDetail }) {
  return device.channel === 'agent' ? <UnenrolAgent device={device} /> : <RemoveAppleDevice device={device} />;
}

/**
 * An agent unenrols in two steps: it is asked, and removed once it
 * acknowledges; a lost PC that will never answer is removed at once, its
 * login revoked.
 */
function UnenrolAgent({ device }: { device: DeviceDetail }) {
  const { removeDevice } = useActions();
  const [confirming, setConfirming] = useState<'ask' | 'force' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const title = deviceTitle(device);
  const waiting = device.enrollmentStatus === 'unenrolling';

  const remove = async (force: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const after = await removeDevice(device.id, { force });
      setConfirming(null);
      setMessage({ tone: 'success', text: after.enrollmentStatus === 'removed' ? `${title} was removed; its agent can no longer connect.` : `${title} was asked to unenrol. It is removed as soon as its agent acknowledges.` });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card device-section danger-zone" aria-labelledby="remove-title">
      <h2 id="remove-title">Unenrol</h2>
      {device.enrollmentStatus === 'removed' ? (
        <p>This PC was removed from management; its agent's login no longer works.</p>
      ) : (
        <>
          <p>
            {waiting
              ? `${title} was asked to unenrol and has not acknowledged yet (its agent may be offline). If the PC is lost, remove it without waiting.`
              : `The agent on ${title} is asked to unenrol: it deletes its credentials, acknowledges, and Lanyard then removes the PC and revokes its login. Files in its managed folder stay.`}
          </p>
          <div className="button-row">
            {!waiting && (
              <button type="button" className="button button-danger-quiet" onClick={() => setConfirming('ask')}>
                Unenrol…
              </button>
            )}
            <button type="button" className="button button-danger-quiet" onClick={() => setConfirming('force')}>
              Remove without the agent…
            </button>
          </div>
        </>
      )}
      <LiveMessage message={message} />
      {confirming && (
        <ConfirmDialog
          title={confirming === 'ask' ? `Unenrol ${title}?` : `Remove ${title} without its agent?`}
          confirmLabel={confirming === 'ask' ? 'Unenrol' : 'Remove now'}
          busyLabel="Removing…"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={() => void remove(confirming === 'force')}
          onCancel={() => {
            setConfirming(null);
            setError(null);
          }}
        >
          <p>
            {confirming === 'ask'
              ? 'Its queued tasks wait no longer: the agent unenrols at once if it is online, or when it next connects.'
              : 'Lanyard revokes its login and forgets it now. If the PC comes back, its agent cannot connect and must be enrolled again.'}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function RemoveAppleDevice({ device }: { device: DeviceDetail }) {
  const { removeDevice } = useActions();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const removed = device.enrollmentStatus === 'removed';
  const title = deviceTitle(device);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await removeDevice(device.id);
      setConfirming(false);
      setMessage({ tone: 'success', text: `${title} was removed. It leaves management at its next check-in; Lanyard wakes it with a push.` });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card device-section danger-zone" aria-labelledby="remove-title">
      <h2 id="remove-title">Remove from management</h2>
      {removed ? (
        <p>This device was removed from management. At its next check-in Lanyard refuses it, and the device removes its management profile by itself.</p>
      ) : (
        <>
          <p>
            Lanyard stops managing {title}: its queued commands are cancelled, and at its next check-in the device is refused and removes its management profile,
            with the profiles and apps Lanyard installed. Nothing else on the device is deleted. To manage it again, enroll it again with a new invitation.
          </p>
          <div className="button-row">
            <button type="button" className="button button-danger-quiet" onClick={() => setConfirming(true)}>
              Remove from management…
            </button>
          </div>
        </>
      )}
      <LiveMessage message={message} />
      {confirming && (
        <ConfirmDialog
          title={`Remove ${title} from management?`}
          confirmLabel="Remove device"
          busyLabel="Removing…"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={() => void remove()}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
        >
          <p>
            The device unenrolls at its next check-in and takes no more commands. Its queued commands are cancelled. This cannot be undone: to manage it again,
            it must be enrolled again.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
