import { useId, useState } from 'react';
import type { AgentCommandName, CommandName, DeviceDetail } from '../../../../contract/command-models';
import { inventoryRequests } from './inventory-requests';
import { RawCommandForm } from './RawCommandForm';
import { EraseDialog, InstallAppDialog, InstallProfileDialog, LockDialog, LostModeDialog, RenameDialog, SimpleCommandDialog, type CommandDialogProps } from './command-dialogs';
import type { CommandRequest } from './use-enqueue';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { useActions } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { deviceTitle } from '../devices/device-labels';

type DialogId = 'lock' | 'erase' | 'clear-passcode' | 'restart' | 'shutdown' | 'rename' | 'lost-mode' | 'install-app' | 'install-profile';

interface ActionSpec {
  label: string;
  /** What the button queues, for its availability. */
  requestTypes: readonly (CommandName | AgentCommandName)[];
  /** A dialog asks first; otherwise the button queues at once. */
  dialog?: DialogId;
  requests?: readonly CommandRequest[];
  /** The sentence after it was queued. */
  done?: string;
  danger?: boolean;
}

const groups: { title: string; actions: ActionSpec[] }[] = [
  {
    title: 'Inventory',
    actions: [{ label: 'Refresh inventory', requestTypes: inventoryRequests.map((r) => r.requestType), requests: inventoryRequests, done: 'Inventory refresh' }],
  },
  {
    title: 'Security',
    actions: [
      { label: 'Lock…', requestTypes: ['DeviceLock'], dialog: 'lock', danger: true },
      { label: 'Clear passcode…', requestTypes: ['ClearPasscode'], dialog: 'clear-passcode', danger: true },
      { label: 'Erase…', requestTypes: ['EraseDevice'], dialog: 'erase', danger: true },
    ],
  },
  {
    title: 'Device',
    actions: [
      { label: 'Restart…', requestTypes: ['RestartDevice'], dialog: 'restart' },
      { label: 'Shut down…', requestTypes: ['ShutDownDevice'], dialog: 'shutdown' },
      { label: 'Rename…', requestTypes: ['Settings'], dialog: 'rename' },
    ],
  },
  {
    title: 'Lost mode',
    actions: [
      { label: 'Enable lost mode…', requestTypes: ['EnableLostMode'], dialog: 'lost-mode', danger: true },
      { label: 'Disable lost mode', requestTypes: ['DisableLostMode'], requests: [{ requestType: 'DisableLostMode' }], done: 'Disabling lost mode' },
      { label: 'Play sound', requestTypes: ['PlayLostModeSound'], requests: [{ requestType: 'PlayLostModeSound' }], done: 'Playing a sound' },
      { label: 'Locate', requestTypes: ['DeviceLocation'], requests: [{ requestType: 'DeviceLocation' }], done: 'Locating' },
    ],
  },
  {
    title: 'Apps and profiles',
    actions: [
      { label: 'Install app…', requestTypes: ['InstallApplication'], dialog: 'install-app' },
      { label: 'Install profile…', requestTypes: ['InstallProfile'], dialog: 'install-profile' },
    ],
  },
];

/** Why the device cannot run any of these commands now, or null. */
export function unavailableReason(device: DeviceDetail, requestTypes: readonly string[]): string | null {
  if (device.enrollmentStatus !== 'enrolled') return `${deviceTitle(device)} is not enrolled, so it takes no commands.`;
  for (const type of requestTypes) {
    const reason = device.unavailableCommands[type];
    if (reason) return reason.charAt(0).toUpperCase() + reason.slice(1);
  }
  return null;
}

/** Every command the admin can send, grouped; each disabled one says why. Results appear next to their group. */
export function DeviceActions({ device }: { device: DeviceDetail }) {
  const { enqueueCommand } = useActions();
  const [dialog, setDialog] = useState<DialogId | null>(null);
  const [feedback, setFeedback] = useState<{ group: string; message: Message } | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const run = async (group: string, action: ActionSpec) => {
    setFeedback(null);
    if (action.dialog) {
      setDialog(action.dialog);
      return;
    }
    setPending(action.label);
    try {
      for (const request of action.requests ?? []) await enqueueCommand({ id: device.id, ...request });
      setFeedback({ group, message: { tone: 'success', text: `${action.done ?? action.label} was queued. ${deviceTitle(device)} gets it when it next connects.` } });
    } catch (error) {
      setFeedback({ group, message: { tone: 'error', text: `${action.label} was not queued. ${errorText(error)}` } });
    } finally {
      setPending(null);
    }
  };

  const groupOf = (id: DialogId) => groups.find((g) => g.actions.some((a) => a.dialog === id))!.title;
  const dialogProps = (id: DialogId): CommandDialogProps => ({
    device,
    onCancel: () => setDialog(null),
    onQueued: (text) => {
      setDialog(null);
      setFeedback({ group: groupOf(id), message: { tone: 'success', text } });
    },
  });

  return (
    <section className="card device-section" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div className="action-groups">
        {groups.map((group) => (
          <ActionGroup
            key={group.title}
            title={group.title}
            actions={group.actions.map((action) => ({
              label: pending === action.label ? 'Queuing…' : action.label,
              reason: unavailableReason(device, action.requestTypes),
              danger: action.danger ?? false,
              onClick: () => void run(group.title, action),
            }))}
            busy={pending !== null}
            message={feedback?.group === group.title ? feedback.message : null}
          />
        ))}
      </div>
      <details className="expert">
        <summary>Expert: send a raw command</summary>
        <RawCommandForm device={device} reason={unavailableReason(device, ['Raw'])} />
      </details>
      {dialog === 'lock' && <LockDialog {...dialogProps('lock')} />}
      {dialog === 'erase' && <EraseDialog {...dialogProps('erase')} />}
      {dialog === 'clear-passcode' && (
        <SimpleCommandDialog
          {...dialogProps('clear-passcode')}
          request={{ requestType: 'ClearPasscode' }}
          title={`Clear the passcode of ${deviceTitle(device)}?`}
          confirmLabel="Clear passcode"
          explanation="The device's passcode is removed, so anyone holding it can open it until the user sets a new one. Use it when the user forgot their passcode."
          danger
        />
      )}
      {dialog === 'restart' && (
        <SimpleCommandDialog
          {...dialogProps('restart')}
          request={{ requestType: 'RestartDevice' }}
          title={`Restart ${deviceTitle(device)}?`}
          confirmLabel="Restart"
          explanation="The device restarts at once; unsaved work in open apps may be lost."
        />
      )}
      {dialog === 'shutdown' && (
        <SimpleCommandDialog
          {...dialogProps('shutdown')}
          request={{ requestType: 'ShutDownDevice' }}
          title={`Shut down ${deviceTitle(device)}?`}
          confirmLabel="Shut down"
          explanation="The device turns off. It takes no more commands until someone turns it on again."
        />
      )}
      {dialog === 'rename' && <RenameDialog {...dialogProps('rename')} />}
      {dialog === 'lost-mode' && <LostModeDialog {...dialogProps('lost-mode')} />}
      {dialog === 'install-app' && <InstallAppDialog {...dialogProps('install-app')} />}
      {dialog === 'install-profile' && <InstallProfileDialog {...dialogProps('install-profile')} />}
    </section>
  );
}

interface ActionButtonSpec {
  label: string;
  reason: string | null;
  danger: boolean;
  onClick(): void;
}

/**
 * One group of buttons. A disabled button says why in its tooltip and, for
 * everyone, in a line under the group that its description points to; a
 * reason shared by several buttons is written once. The core's reasons name
 * the action ("Lost mode needs a supervised device…").
 */
function ActionGroup({ title, actions, busy, message }: { title: string; actions: ActionButtonSpec[]; busy: boolean; message: Message | null }) {
  const id = useId();
  const reasons = [...new Set(actions.map((a) => a.reason).filter((r): r is string => r !== null))];
  const reasonId = (reason: string) => `${id}-reason-${reasons.indexOf(reason)}`;
  return (
    <div className="action-group" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="action-list">
        {actions.map((action) => (
          <button
            key={action.label}
            type="button"
            className={`button${action.danger ? ' button-danger-quiet' : ''}`}
            disabled={action.reason !== null || busy}
            aria-describedby={action.reason ? reasonId(action.reason) : undefined}
            title={action.reason ?? undefined}
            onClick={action.onClick}
          >
            {action.label}
          </button>
        ))}
      </div>
      {reasons.map((reason) => (
        <p key={reason} id={reasonId(reason)} className="action-reason">
          {reason}
        </p>
      ))}
      <LiveMessage message={message} />
    </div>
  );
}
