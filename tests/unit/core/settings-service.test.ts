import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../contract/errors';
import { EventBus } from '../../../electron/core/events/event-bus';
import { SettingsService } from '../../../electron/core/settings/settings-service';
import { sampleSettings, sampleStore } from '../../support/core-fixtures';

const setup = {
  organization: { name: 'Acme' },
  helpdesk: { name: 'IT', phone: '1234', email: 'it@acme.test', website: '' },
  network: { publicHost: 'mdm.acme.lan', mdmPort: 9443, enrollmentHttpPort: 0 },
};

describe('SettingsService', () => {
  it('completes setup once, keeps the first completion time, and announces the change', async () => {
    const bus = new EventBus();
    const names: string[] = [];
    bus.on('settings.changed', (s) => names.push(s.organization.name));
    let clock = new Date('2026-01-01T00:00:00Z');
    const service = new SettingsService(await sampleStore(), bus, {}, () => clock);
    expect(service.isSetupComplete()).toBe(false);
    const first = await service.completeSetup(setup);
    expect(first.setupCompletedAt).toBe('2026-01-01T00:00:00.000Z');
    clock = new Date('2026-02-01T00:00:00Z');
    const again = await service.completeSetup({ ...setup, organization: { name: 'Acme 2' } });
    expect(again.setupCompletedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(names).toEqual(['Acme', 'Acme 2']);
  });

  it('updates only the fields given', async () => {
    const service = new SettingsService(await sampleStore(), new EventBus(), {});
    const updated = await service.update({ helpdesk: { phone: '999' } });
    expect(updated.helpdesk).toEqual({ ...sampleSettings().helpdesk, phone: '999' });
    expect(updated.organization.name).toBe('Test Office');
  });

  it('shows pinned values, accepts them unchanged, and refuses to change them naming the flag', async () => {
    const store = await sampleStore();
    const service = new SettingsService(store, new EventBus(), { mdmPort: { value: 9000, source: '--mdm-port' } });
    expect(service.get().network.mdmPort).toBe(9000);
    expect(service.pinnedKeys()).toEqual(['mdmPort']);
    await expect(service.update({ network: { mdmPort: 9000, publicHost: 'a.lan' } })).resolves.toMatchObject({ network: { mdmPort: 9000, publicHost: 'a.lan' } });
    expect(store.singleton('settings').network.mdmPort).toBe(8443);
    const refusal = await service.update({ network: { mdmPort: 9001 } }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).code).toBe('conflict');
    expect((refusal as ApiError).message).toContain('--mdm-port');
  });
});
