import { sentence } from '../../state/error-text';

/** Devices cannot enroll: says why, and where to fix it. */
export function PushBlockedAlert({ reason }: { reason: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <h2>Devices cannot enroll yet</h2>
      <p>{sentence(reason)}</p>
      <p>
        <a href="#/settings/push-certificate">Go to Settings › Push certificate</a> to import the Apple push certificate. Invitations work as soon as it is
        there.
      </p>
    </div>
  );
}
