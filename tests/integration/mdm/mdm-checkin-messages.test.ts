import { parse } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedDevice } from '../../support/device-simulator';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { bodyOf } from '../../support/test-core';

describe('the less common check-in messages', () => {
  let env: MdmEnv;
  let device: SimulatedDevice;
  let id: string;
  beforeAll(async () => {
    env = await startMdmEnv();
    ({ device, id } = await env.enrollDevice({ platform: 'macos' }));
  });
  afterAll(() => env.stop());

  it('escrows the bootstrap token encrypted, hands it back, and forgets it when sent empty', async () => {
    expect((await device.sendCheckin({ MessageType: 'GetBootstrapToken', UDID: device.udid })).body.length).toBe(0);
    const token = Buffer.from('bootstrap-token-bytes-0123456789');
    expect((await device.sendCheckin({ MessageType: 'SetBootstrapToken', UDID: device.udid, BootstrapToken: token })).status).toBe(200);
    expect(JSON.stringify([...env.core.store.collection('devices').values()])).not.toContain(token.toString('base64'));
    expect((await bodyOf(await env.api(`/api/devices/${id}`))).hasBootstrapToken).toBe(true);
    const reply = await device.sendCheckin({ MessageType: 'GetBootstrapToken', UDID: device.udid });
    expect(Buffer.from((parse(reply.body.toString()) as { BootstrapToken: Uint8Array }).BootstrapToken).equals(token)).toBe(true);
    await device.sendCheckin({ MessageType: 'SetBootstrapToken', UDID: device.udid, BootstrapToken: Buffer.alloc(0) });
    expect((await bodyOf(await env.api(`/api/devices/${id}`))).hasBootstrapToken).toBe(false);
  });

  it('declines UserAuthenticate with 410 and serves no user channel', async () => {
    expect((await device.sendCheckin({ MessageType: 'UserAuthenticate', UDID: device.udid, UserID: 'A1B2', DigestResponse: '' })).status).toBe(410);
    expect((await device.sendCheckin({ MessageType: 'TokenUpdate', UDID: device.udid, UserID: 'A1B2', Token: Buffer.alloc(32), PushMagic: 'user-magic' })).status).toBe(200);
    expect(env.core.mdm.devices.byUdid(device.udid)!.push!.pushMagic).toBe(device.pushMagic);
  });

  it('answers DeclarativeManagement with an empty declaration set the device accepts', async () => {
    const tokens = await device.sendCheckin({ MessageType: 'DeclarativeManagement', UDID: device.udid, Endpoint: 'tokens' });
    expect(tokens.status).toBe(200);
    expect(JSON.parse(tokens.body.toString()).SyncTokens.DeclarationsToken).toBeTruthy();
    const items = JSON.parse((await device.sendCheckin({ MessageType: 'DeclarativeManagement', UDID: device.udid, Endpoint: 'declaration-items' })).body.toString());
    expect(items.Declarations).toEqual({ Activations: [], Assets: [], Configurations: [], Management: [] });
    expect((await device.sendCheckin({ MessageType: 'DeclarativeManagement', UDID: device.udid, Endpoint: 'status', Data: Buffer.from('{}') })).status).toBe(200);
  });

  it('refuses GetToken and unknown message types with 400', async () => {
    expect((await device.sendCheckin({ MessageType: 'GetToken', UDID: device.udid, TokenServiceType: 'com.apple.watch.pairing' })).status).toBe(400);
    expect((await device.sendCheckin({ MessageType: 'Bogus', UDID: device.udid })).status).toBe(400);
  });

  it('warns when the device-facing address moves away from enrolled devices', async () => {
    await env.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ network: { publicHost: 'localhost' } }) });
    await expect
      .poll(async () => (await bodyOf(await env.api('/api/activity?outcome=warning'))).items.map((e: { action: string }) => e.action))
      .toContain('Server address changed');
    const entry = (await bodyOf(await env.api('/api/activity?outcome=warning'))).items.find((e: { action: string }) => e.action === 'Server address changed');
    expect(entry.message).toMatch(/from https:\/\/127\.0\.0\.1:\d+ to https:\/\/localhost:\d+\. 1 enrolled device/);
  });
});
