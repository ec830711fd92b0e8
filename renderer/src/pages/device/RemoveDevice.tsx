import { useState } from 'react';
import type { DeviceDetail } from '../../../../contract/command-models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { useActions } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { deviceTitle } from '../devices/device-labels';

/** Removing a device from management: it unenrolls itself at its next check-in. */
export function RemoveDevice({ device }: { device: DeviceDetail }) {
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
