import { useState } from 'react';
import type { DeviceDetail } from '../../../../contract/command-models';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { deviceTitle } from '../devices/device-labels';
import { AgentLockDialog, AgentWipeDialog, DeployFileDialog, RemoveFileDialog } from './agent-dialogs';
import type { CommandDialogProps } from './command-dialogs';
import { unavailableReason } from './DeviceActions';
import { useEnqueue, type CommandRequest } from './use-enqueue';

type DialogId = 'lock' | 'wipe' | 'deploy' | 'remove-file';

/** What an admin can ask a PC's agent to do: only the agent's commands, never Apple's. */
export function AgentActions({ device }: { device: DeviceDetail }) {
  const { busy, error, send } = useEnqueue(device.id);
  const [dialog, setDialog] = useState<DialogId | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const reason = unavailableReason(device, ['Ping']);
  const queueNow = async (request: CommandRequest, what: string) => {
    setMessage(null);
    if (await send([request])) setMessage({ tone: 'success', text: `${what} was queued for ${deviceTitle(device)}.` });
  };
  const dialogProps: CommandDialogProps = {
    device,
    onCancel: () => setDialog(null),
    onQueued: (text) => {
      setDialog(null);
      setMessage({ tone: 'success', text });
    },
  };
  const button = (label: string, onClick: () => void, danger = false) => (
    <button type="button" className={`button${danger ? ' button-danger-quiet' : ''}`} disabled={reason !== null || busy} title={reason ?? undefined} onClick={onClick}>
      {label}
    </button>
  );
  return (
    <section className="card device-section" aria-labelledby="agent-actions-title">
      <h2 id="agent-actions-title">Actions</h2>
      <div className="action-groups">
        <div className="action-group" role="group" aria-label="Check">
          <h3>Check</h3>
          <div className="action-list">
            {button('Ping', () => void queueNow({ requestType: 'Ping' }, 'Ping'))}
            {button('Refresh inventory', () => void queueNow({ requestType: 'Inventory' }, 'Inventory refresh'))}
          </div>
        </div>
        <div className="action-group" role="group" aria-label="Files">
          <h3>Files</h3>
          <div className="action-list">
            {button('Deploy file…', () => setDialog('deploy'))}
            {button('Remove file…', () => setDialog('remove-file'))}
          </div>
        </div>
        <div className="action-group" role="group" aria-label="Security">
          <h3>Security</h3>
          <div className="action-list">
            {button('Lock screen…', () => setDialog('lock'), true)}
            {button('Wipe managed folder…', () => setDialog('wipe'), true)}
          </div>
        </div>
      </div>
      {reason && <p className="action-reason">{reason}</p>}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <LiveMessage message={message} />
      {dialog === 'lock' && <AgentLockDialog {...dialogProps} />}
      {dialog === 'wipe' && <AgentWipeDialog {...dialogProps} />}
      {dialog === 'deploy' && <DeployFileDialog {...dialogProps} />}
      {dialog === 'remove-file' && <RemoveFileDialog {...dialogProps} />}
    </section>
  );
}
