import { compareDeviceKeys, deviceSortKey, isAgentCommand, type CommandName, type CommandView } from '../../../../contract/command-models';
import { compareKeyParts, takePage, type PageOrder } from '../../../../contract/paging';
import type { ProfileOnDevice } from '../../../../contract/profile-models';
import type { AgentModule } from '../../agents/agent-module';
import { commandView, deviceDetail, deviceSummary } from '../../devices/device-views';
import { mdmChannelDetail } from '../../mdm/device-views';
import type { MdmModule } from '../../mdm/mdm-module';
import { pageOfSortedIndex } from '../../store/index-page';
import type { StoredDevice } from '../../store/schema';
import { ApiError } from '../../../../contract/errors';
import type { Handler } from '../dispatcher';

type Names = 'devices.list' | 'devices.get' | 'devices.remove' | 'commands.enqueue' | 'commands.list' | 'commands.cancel';

/** Devices and their tasks, over either channel: Apple MDM or the agent. */
export function deviceHandlers(mdm: MdmModule, agents: AgentModule, fleets: { has(id: string): boolean }, profiles: { onDevice(deviceId: string): ProfileOnDevice[] }): { [K in Names]: Handler<K> } {
  const anyDevice = (id: string): StoredDevice => {
    const device = mdm.devices.byId(id);
    if (!device) throw new ApiError('not_found', `no device with id ${id}`, 'id');
    return device;
  };
  const subject = (id: string) => {
    const device = mdm.devices.byId(id);
    return device ? { type: 'device', id: device.id, label: device.name } : undefined;
  };
  return {
    // Devices removed from management leave the list (devices.removed); their page still opens by id.
    'devices.list': ({ fleetId, ...page }) => {
      if (fleetId !== undefined) {
        // One fleet's devices through the store's fleet index, sorted as the whole list is.
        if (!fleets.has(fleetId)) throw new ApiError('not_found', `no fleet with id ${fleetId}`, 'fleetId');
        const members = mdm.devices.records().where('fleetId', fleetId).sort((a, b) => compareDeviceKeys(deviceSortKey(a), deviceSortKey(b)));
        const found = takePage<StoredDevice>(members, page, { key: deviceSortKey, compare: compareDeviceKeys });
        return { ...found, items: found.items.map((device) => deviceSummary(device, mdm.queue)) };
      }
      // Straight from the store's name index: no sort and no copy of every device per page.
      return pageOfSortedIndex(mdm.devices.records(), 'byName', page, {
        keyOf: (device: StoredDevice) => deviceSortKey(device),
        view: (device) => deviceSummary(device, mdm.queue),
        accept: (device) => device.enrollmentStatus !== 'removed',
        total: mdm.devices.records().size - mdm.devices.count('removed'),
      });
    },
    'devices.get': ({ id }) => {
      const device = anyDevice(id);
      return deviceDetail(device, mdm.queue, device.channel === 'agent' ? agents.channelDetail(device) : mdmChannelDetail(device), { libraryProfiles: profiles.onDevice(device.id) });
    },
    'devices.remove': async ({ id, force }, context) => {
      const device = anyDevice(id);
      if (device.channel === 'agent') {
        const after = await agents.remove(id, force);
        context.audit = {
          subject: subject(id),
          message: after.enrollmentStatus === 'removed' ? `Removed ${device.name} without waiting for the agent; its login is revoked` : `Asked ${device.name} to unenrol; it is removed when the agent acknowledges`,
        };
        return deviceSummary(after, mdm.queue);
      }
      const removed = await mdm.remove(id);
      context.audit = { subject: subject(id), message: `Removed ${removed.name} from management; its next check-in unenrolls it` };
      return deviceSummary(removed, mdm.queue);
    },
    'commands.enqueue': async (input, context) => {
      const { id, requestType, ...params } = input as { id: string; requestType: string } & Record<string, unknown>;
      context.audit = { subject: subject(id), message: `Queued ${requestType}` };
      const device = anyDevice(id);
      if (isAgentCommand(requestType) !== (device.channel === 'agent')) {
        throw new ApiError(
          'conflict',
          device.channel === 'agent' ? `${requestType} is an Apple MDM command; ${device.name} runs the Lanyard agent` : `${requestType} is an agent command; ${device.name} is an Apple device managed over MDM`,
          'requestType',
        );
      }
      const command = isAgentCommand(requestType) ? await agents.enqueue(id, requestType, params) : await mdm.enqueue(id, requestType as CommandName, params);
      context.audit = { subject: subject(id), message: `Queued "${command.summary}" for ${device.name}` };
      return { commandUuid: command.uuid, status: 'queued' as const };
    },
    'commands.list': ({ id, ...page }) => takePage([...mdm.queue.forDevice(anyDevice(id).id)].reverse().map(commandView), page, commandsOrder),
    'commands.cancel': async ({ uuid }, context) => {
      const command = await mdm.cancel(uuid);
      context.audit = { subject: subject(command.deviceId), message: `Cancelled "${command.summary}"` };
      return commandView(command);
    },
  };
}

/** Newest first; commands queued in the same millisecond keep their queue order. */
const commandsOrder: PageOrder<CommandView> = { key: (c) => [c.queuedAt, c.commandUuid], compare: (a, b) => compareKeyParts(b[0], a[0]) };
