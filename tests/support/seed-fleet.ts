import { randomUUID } from 'node:crypto';
import { DeviceRegistry } from '../../electron/core/devices/device-registry';
import type { LanyardStore } from '../../electron/core/store/lanyard-store';
import type { StoredCommand } from '../../electron/core/store/schema';

/**
 * Grows a store to a fleet size no simulator run could enrol in a bench's
 * time: device records through the registry's own Authenticate path, and
 * finished DeviceInformation commands with their results, in commits of
 * 500 devices so each is an ordinary batch for the backend.
 */
export async function seedFleet(store: LanyardStore, options: { devices: number; commandsPerDevice: number }): Promise<{ devices: number; commands: number }> {
  const registry = new DeviceRegistry(store);
  let commands = 0;
  for (let start = 0; start < options.devices; start += 500) {
    const count = Math.min(500, options.devices - start);
    await store.update((tx) => {
      for (let i = 0; i < count; i += 1) {
        const n = start + i;
        const udid = `SEEDED-${String(n).padStart(6, '0')}-${randomUUID().slice(0, 8).toUpperCase()}`;
        const device = registry.authenticateIn(tx, {
          udid,
          invitationId: 'seeded',
          certificateSha256: 'ab'.repeat(32),
          platform: n % 3 === 0 ? 'macos' : 'ios',
          name: `Seeded device ${n}`,
          serialNumber: `SEED${String(n).padStart(8, '0')}`,
          model: 'iPhone15,2',
          modelName: 'iPhone',
          productName: 'iPhone15,2',
          osVersion: '18.1',
          buildVersion: '22B83',
        });
        tx.put('devices', { ...device, enrollmentStatus: 'enrolled', enrolledAt: device.authenticatedAt });
        for (let c = 0; c < options.commandsPerDevice; c += 1) {
          tx.put('commands', finishedCommand(device.id, c));
          commands += 1;
        }
      }
    });
  }
  return { devices: options.devices, commands };
}

function finishedCommand(deviceId: string, index: number): StoredCommand {
  const uuid = randomUUID().toUpperCase();
  const at = new Date(Date.now() - (index + 1) * 3_600_000).toISOString();
  return {
    uuid,
    deviceId,
    message: null,
    requestType: 'DeviceInformation',
    // A finished command keeps no wire form (TaskQueue drops it when the result arrives).
    plist: '',
    summary: 'Device information',
    status: 'acknowledged',
    queuedAt: at,
    sentAt: at,
    completedAt: at,
    expiresAt: at,
    notNowCount: 0,
    result: { DeviceName: `Seeded ${index}`, OSVersion: '18.1', BatteryLevel: 0.8 },
    errorChain: null,
    origin: 'admin',
  };
}
