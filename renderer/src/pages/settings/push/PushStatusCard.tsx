import { Loading } from '../../../components/Loading';
import { RelativeTime } from '../../../components/RelativeTime';
import { daysUntil, formatDate, formatDateTime } from '../../../components/time-format';
import { useNow } from '../../../components/use-now';
import { useLanyard } from '../../../state/app-context';
import { sentence } from '../../../state/error-text';
import { pushState, pushStateLabels, pushStateTones } from './push-state';

export function PushStatusCard() {
  const { value: push, error } = useLanyard((s) => s.push);
  const now = useNow();
  return (
    <section className="card settings-section" aria-labelledby="push-status-title">
      <h2 id="push-status-title">Current push certificate</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {!push ? (
        !error && <Loading text="Loading the push certificate…" />
      ) : (
        <div className="stack">
          {push.blocked && (
            <div className="alert alert-error" role="alert">
              <h3>Apple refuses this push certificate</h3>
              <p>{sentence(push.blocked)}</p>
              <p>Devices get no pushes until a working certificate is imported below.</p>
            </div>
          )}
          {!push.configured && (
            <div className="alert alert-warning" role="status">
              <h3>No push certificate yet</h3>
              <p>Devices cannot enroll until you import one. “Get a certificate from Apple” below explains how to get it.</p>
            </div>
          )}
          {push.expired && (
            <div className="alert alert-error" role="alert">
              <h3>The push certificate has expired</h3>
              <p>
                It expired on {formatDate(push.notAfter)}. Devices get no pushes and new devices cannot enroll. Renew it in the Apple Push Certificates Portal
                with the same Apple ID, then import the renewed certificate below.
              </p>
            </div>
          )}
          {push.expiresSoon && !push.expired && push.notAfter && (
            <div className="alert alert-warning" role="status">
              <h3>The push certificate expires soon</h3>
              <p>
                It expires on {formatDate(push.notAfter)} ({daysUntil(push.notAfter, now)} days left). Renew it now in the Apple Push Certificates Portal with the
                same Apple ID, so its topic stays and devices keep working.
              </p>
            </div>
          )}
          {push.configured && (
            <dl className="details">
              <div>
                <dt>Status</dt>
                <dd>
                  <span className={`badge badge-${pushStateTones[pushState(push)]}`}>{pushStateLabels[pushState(push)]}</span>
                </dd>
              </div>
              <div>
                <dt>Topic</dt>
                <dd className="mono">{push.topic}</dd>
              </div>
              <div>
                <dt>Subject</dt>
                <dd className="break">{push.subject}</dd>
              </div>
              <div>
                <dt>Valid until</dt>
                <dd>
                  {formatDateTime(push.notAfter)} (<RelativeTime iso={push.notAfter} />)
                </dd>
              </div>
            </dl>
          )}
          {push.csrPending && (
            <p className="notice notice-info">
              A certificate request (CSR) made here is waiting for Apple&apos;s certificate. Import that certificate below and leave the private key empty.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
