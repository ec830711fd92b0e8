import { formatDate } from '../../components/time-format';
import { useNow } from '../../components/use-now';
import { useLanyard } from '../../state/app-context';
import type { LanyardState } from '../../state/lanyard-store';
import { effectiveStatus } from '../invitations/invitation-labels';
import { pushState, pushStateLabels, pushStateTones } from '../settings/push/push-state';

const selectEnrolled = (s: LanyardState): number => s.devices.items.filter((d) => d.enrollmentStatus === 'enrolled').length;
const selectUnreachable = (s: LanyardState): number => s.devices.items.filter((d) => d.enrollmentStatus === 'enrolled' && d.pushState === 'dead').length;

/** Devices, invitations and the push certificate at a glance, each linking to its page. */
export function AtAGlance() {
  const enrolled = useLanyard(selectEnrolled);
  const deadPush = useLanyard(selectUnreachable);
  const devicesLoaded = useLanyard((s) => s.devices.loaded);
  const invitations = useLanyard((s) => s.invitations);
  const push = useLanyard((s) => s.push.value);
  const now = useNow();
  const pending = invitations.items.filter((i) => effectiveStatus(i, now) === 'pending').length;
  const state = push ? pushState(push) : null;

  return (
    <div className="glance-grid">
      <a className="card glance" href="#/devices">
        <span className="glance-label">Devices enrolled</span>
        <span className="glance-value">{devicesLoaded ? enrolled : '…'}</span>
        <span className="glance-detail">{deadPush > 0 ? `${deadPush} cannot be reached by push` : 'Open the device list'}</span>
      </a>
      <a className="card glance" href="#/invitations">
        <span className="glance-label">Pending invitations</span>
        <span className="glance-value">{invitations.loaded ? pending : '…'}</span>
        <span className="glance-detail">Create or send an invitation</span>
      </a>
      <a className="card glance" href="#/settings/push-certificate">
        <span className="glance-label">Push certificate</span>
        <span className="glance-value glance-badge">{state ? <span className={`badge badge-${pushStateTones[state]}`}>{pushStateLabels[state]}</span> : '…'}</span>
        <span className="glance-detail">
          {push?.configured && push.notAfter ? `Valid until ${formatDate(push.notAfter)}` : 'Needed before devices can enroll'}
        </span>
      </a>
    </div>
  );
}
