import { useEffect } from 'react';
import type { PageProps } from '../../app/paths';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { useActions, useLanyard } from '../../state/app-context';
import { channelText, deviceTitle, EnrollmentBadge, enrollmentHints, osText, PushBadge, ReachBadge } from '../devices/device-labels';
import { AgentActions } from './AgentActions';
import { AgentInventorySection } from './AgentInventorySection';
import { CommandHistory } from './CommandHistory';
import { DeviceActions } from './DeviceActions';
import { AppsSection, InventorySection, LocationSection, ProfilesSection, SecuritySection } from './DeviceSections';
import { RemoveDevice } from './RemoveDevice';
import './device.css';

/** One device: what it is, what Lanyard can do on it, and what it was asked to do, all live. */
export function DevicePage({ params }: PageProps) {
  const id = params.id ?? '';
  const view = useLanyard((s) => s.device);
  const { openDevice, closeDevice } = useActions();

  useEffect(() => {
    void openDevice(id);
    return () => closeDevice(id);
  }, [id, openDevice, closeDevice]);

  const device = view.id === id ? view.detail : null;
  if (!device) {
    return (
      <div className="page device-page">
        <BackLink />
        <PageHeader title="Device" />
        {view.missing ? (
          <p className="notice notice-error" role="alert">
            There is no device with this address.
          </p>
        ) : view.error ? (
          <p className="notice notice-error" role="alert">
            {view.error}
          </p>
        ) : (
          <Loading text="Loading the device…" />
        )}
      </div>
    );
  }

  const agent = device.channel === 'agent';
  const facts = [device.modelName || device.model, device.serialNumber && `Serial ${device.serialNumber}`, osText(device), channelText(device)].filter(Boolean);
  return (
    <div className="page device-page">
      <BackLink />
      <PageHeader title={deviceTitle(device)}>
        <p>{facts.join(' · ')}</p>
      </PageHeader>
      <div className="device-status" aria-label="Status">
        <EnrollmentBadge status={device.enrollmentStatus} />
        {agent ? (
          <>
            <ReachBadge device={device} />
            <span>
              Last seen <RelativeTime iso={device.lastSeenAt} />
            </span>
            <span title="As typed on the PC with lanyard-agent set-user; the admin cannot change it here.">
              User {device.user ? `${device.user.name}${device.user.email ? ` <${device.user.email}>` : ''}` : 'not set on the agent'}
            </span>
          </>
        ) : (
          <>
            <span>
              Push <PushBadge state={device.pushState} />
            </span>
            <span>
              Last check-in <RelativeTime iso={device.lastSeenAt} />
            </span>
            <span>{device.supervised === null ? 'Supervision not known yet' : device.supervised ? 'Supervised' : 'Not supervised'}</span>
          </>
        )}
      </div>
      {view.removed && (
        <p className="alert alert-warning device-alert" role="alert">
          This device was just removed from management. It is no longer in the device list.
        </p>
      )}
      {device.enrollmentStatus !== 'enrolled' && !view.removed && (
        <p className="alert alert-warning device-alert" role="status">
          {enrollmentHints[device.enrollmentStatus]}
        </p>
      )}
      {view.error && (
        <p className="notice notice-error" role="alert">
          {view.error}
        </p>
      )}
      {agent ? (
        <div className="device-layout">
          <AgentActions device={device} />
          <CommandHistory />
          <AgentInventorySection device={device} />
          <RemoveDevice device={device} />
        </div>
      ) : (
        <div className="device-layout">
          <DeviceActions device={device} />
          <CommandHistory />
          <div className="device-columns">
            <InventorySection device={device} />
            <SecuritySection device={device} />
          </div>
          <ProfilesSection device={device} />
          <AppsSection device={device} />
          <LocationSection device={device} />
          <RemoveDevice device={device} />
        </div>
      )}
    </div>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <a href="#/devices">← All devices</a>
    </p>
  );
}
