import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, freshImage, lanyardStoreDefinition } from '../../../electron/core/store/lanyard-store';
import { MemoryPersistence } from '../../../electron/core/store/memory-persistence';
import { RecordStore } from '../../../electron/core/store/record-store';
import { sampleSettings } from '../../support/core-fixtures';
import { command } from '../mdm/mdm-storage-contract';

describe("the store's schema migrations", () => {
  it('brings a schema 2 store (before agent logins, agents as devices and fleets) to the current schema, keeping every record', async () => {
    const v2 = freshImage(sampleSettings());
    v2.schemaVersion = 2;
    delete v2.collections.agentLogins;
    delete v2.collections.files;
    delete v2.collections.fleets;
    const invitation = { id: 'i1', tokenHash: 'h1', label: 'front desk' };
    v2.collections.invitations = [['i1', invitation]];
    // A version 3 device as stored then (only the fields the migration touches matter here).
    const appleDevice = { id: 'd1', udid: 'UDID-1', name: 'Front desk iPad', enrollmentStatus: 'enrolled' };
    v2.collections.devices = [['d1', appleDevice]];
    const { message: _message, ...appleCommand } = command('d1');
    v2.collections.commands = [[appleCommand.uuid, appleCommand]];
    v2.collections.activity = [['e1', { id: 'e1', at: '2026-11-01T00:00:00.000Z', actor: 'system', action: 'Lanyard started', outcome: 'info', message: 'started', subject: null }]];
    const persistence = new MemoryPersistence({ image: v2 });
    const store = await RecordStore.open(lanyardStoreDefinition, persistence, { initial: () => freshImage(sampleSettings()) });
    expect(currentSchemaVersion).toBe(5);
    expect(store.collection('agentLogins').size).toBe(0);
    expect(store.collection('files').size).toBe(0);
    // Every device is in the default fleet, which now exists; invitations name no fleet.
    expect([...store.collection('fleets').values()]).toEqual([{ id: 'unassigned', name: 'Unassigned', createdAt: expect.any(String) }]);
    expect(store.collection('devices').get('d1')).toEqual({ ...appleDevice, channel: 'mdm', agent: null, fleetId: 'unassigned' });
    expect(store.collection('devices').countWhere('fleetId', 'unassigned')).toBe(1);
    expect(store.collection('invitations').get('i1')).toEqual({ ...invitation, fleetId: null });
    expect(store.collection('commands').get(appleCommand.uuid)).toEqual({ ...appleCommand, message: null });
    expect(store.collection('activity').get('e1')).toMatchObject({ action: 'Lanyard started' });
    // Written back at the new version.
    expect(persistence.medium.image?.schemaVersion).toBe(5);
    await store.close();
  });

  it('refuses a store written by a newer Lanyard', async () => {
    const newer = { ...freshImage(sampleSettings()), schemaVersion: currentSchemaVersion + 1 };
    await expect(RecordStore.open(lanyardStoreDefinition, new MemoryPersistence({ image: newer }), { initial: () => freshImage(sampleSettings()) })).rejects.toThrow(/newer Lanyard/);
  });
});
