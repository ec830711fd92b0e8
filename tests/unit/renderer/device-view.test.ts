import { describe, expect, it } from 'vitest';
import type { CommandView } from '../../../contract/command-models';
import { mergedCommands, withCommand } from '../../../renderer/src/state/device-view';

const command = (uuid: string, status: CommandView['status'], extra: Partial<CommandView> = {}): CommandView => ({
  commandUuid: uuid,
  deviceId: 'd1',
  requestType: 'DeviceInformation',
  summary: 'Device information',
  status,
  result: null,
  errorChain: null,
  queuedAt: `2026-01-01T00:00:0${uuid}.000Z`,
  sentAt: null,
  completedAt: null,
  notNowCount: 0,
  ...extra,
});

describe('device view: commands', () => {
  it('adds new commands newest first and updates known ones in place', () => {
    let list = withCommand([], command('1', 'queued'));
    list = withCommand(list, command('2', 'queued'));
    expect(list.map((c) => c.commandUuid)).toEqual(['2', '1']);
    list = withCommand(list, command('1', 'sent'));
    expect(list.map((c) => [c.commandUuid, c.status])).toEqual([
      ['2', 'queued'],
      ['1', 'sent'],
    ]);
  });

  it('never takes a command back to an earlier state when events and lists cross', () => {
    const done = [command('1', 'acknowledged')];
    expect(withCommand(done, command('1', 'sent'))).toBe(done);
    // NotNow, then sent again: the second send is further along than the NotNow.
    const notNow = [command('1', 'notnow', { notNowCount: 1 })];
    expect(withCommand(notNow, command('1', 'sent'))).toBe(notNow);
    expect(withCommand(notNow, command('1', 'sent', { notNowCount: 1 }))[0]!.status).toBe('sent');
  });

  it("follows an agent's task forward through received to done, failed or incompatible, never back", () => {
    let list = withCommand([], command('1', 'sent', { requestType: 'Ping' }));
    list = withCommand(list, command('1', 'received', { requestType: 'Ping' }));
    expect(list[0]!.status).toBe('received');
    expect(withCommand(list, command('1', 'sent'))).toBe(list);
    for (const final of ['done', 'failed', 'incompatible'] as const) {
      const finished = withCommand(list, command('1', final));
      expect(finished[0]!.status).toBe(final);
      expect(withCommand(finished, command('1', 'received'))).toBe(finished);
      expect(withCommand(withCommand([], command('1', final)), command('1', 'sent'))[0]!.status).toBe(final);
    }
  });

  it('merges a loaded history with live updates that got further', () => {
    const live = [command('3', 'acknowledged')];
    const loaded = [command('3', 'sent'), command('2', 'queued')];
    expect(mergedCommands(live, loaded).map((c) => [c.commandUuid, c.status])).toEqual([
      ['3', 'acknowledged'],
      ['2', 'queued'],
    ]);
    expect(mergedCommands([command('2', 'queued')], [command('2', 'cancelled')])[0]!.status).toBe('cancelled');
  });
});
