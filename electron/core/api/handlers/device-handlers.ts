import { deviceSortKey, type CommandName, type CommandView } from '../../../../contract/command-models';
import { compareKeyParts, takePage, type PageOrder } from '../../../../contract/paging';
import { commandView, deviceDetail, deviceSummary } from '../../mdm/device-views';
import type { MdmModule } from '../../mdm/mdm-module';
import { pageOfSortedIndex } from '../../store/index-page';
import type { StoredDevice } from '../../store/schema';
import type { Handler } from '../dispatcher';

type Names = 'devices.list' | 'devices.get' | 'devices.remove' | 'commands.enqueue' | 'commands.list' | 'commands.cancel';

export function deviceHandlers(mdm: MdmModule): { [K in Names]: Handler<K> } {
  const subject = (id: string) => {
    const device = mdm.devices.byId(id);
    return device ? { type: 'device', id: device.id, label: device.name } : undefined;
  };
  return {
    // Devices removed from management leave the list (devices.removed); their page still opens by id.
    'devices.list': (page) => {
      // Straight from the store's name index: no sort and no copy of every device per page.
      return pageOfSortedIndex(mdm.devices.records(), 'byName', page, {
        keyOf: (device: StoredDevice) => deviceSortKey(device),
        view: (device) => deviceSummary(device, mdm.queue),
        accept: (device) => device.enrollmentStatus !== 'removed',
        total: mdm.devices.records().size - mdm.devices.count('removed'),
      });
    },
    'devices.get': ({ id }) => deviceDetail(mdm.requireDevice(id), mdm.queue),
    'devices.remove': async ({ id }, context) => {
      const device = await mdm.remove(id);
      context.audit = { subject: subject(id), message: `Removed ${device.name} from management; its next check-in unenrolls it` };
      return deviceSummary(device, mdm.queue);
    },
    'commands.enqueue': async (input, context) => {
      const { id, requestType, ...params } = input as { id: string; requestType: CommandName } & Record<string, unknown>;
      context.audit = { subject: subject(id), message: `Queued ${requestType}` };
      const command = await mdm.enqueue(id, requestType, params);
      context.audit = { subject: subject(id), message: `Queued "${command.summary}" for ${mdm.devices.byId(id)?.name}` };
      return { commandUuid: command.uuid, status: 'queued' as const };
    },
    'commands.list': ({ id, ...page }) => takePage([...mdm.queue.forDevice(mdm.requireDevice(id).id)].reverse().map(commandView), page, commandsOrder),
    'commands.cancel': async ({ uuid }, context) => {
      const command = await mdm.cancel(uuid);
      context.audit = { subject: subject(command.deviceId), message: `Cancelled "${command.summary}"` };
      return commandView(command);
    },
  };
}

/** Newest first; commands queued in the same millisecond keep their queue order. */
const commandsOrder: PageOrder<CommandView> = { key: (c) => [c.queuedAt, c.commandUuid], compare: (a, b) => compareKeyParts(b[0], a[0]) };
