import type { CoreOptions } from '../../electron/core/lanyard-core';
import { ApnsTestServer, createTestPushPki } from './apns-test-server';
import { SimulatedDevice, type SimulatedDeviceOptions } from './device-simulator';
import { deviceRequest } from './device-http';
import { startEnrollmentEnv } from './enrollment-fixture';
import { bodyOf } from './test-core';

export type MdmEnv = Awaited<ReturnType<typeof startMdmEnv>>;

/** A core whose push certificate talks to a local APNs test server (HTTP/2, mutual TLS); `core` adds options (the agent broker). */
export async function startMdmEnv(core: Partial<CoreOptions> = {}) {
  const pushPki = createTestPushPki();
  const apns = await ApnsTestServer.start({ serverCertPem: pushPki.serverCertPem, serverKeyPem: pushPki.serverKeyPem, clientCaPem: pushPki.caCertPem });
  const env = await startEnrollmentEnv({
    pushPki,
    core: { ...core, apnsUrl: apns.url, push: { ca: pushPki.caCertPem, retry: { baseDelayMs: 5, maxDelayMs: 20 } } },
  });
  const devices: SimulatedDevice[] = [];

  /** A simulated device enrolled through a fresh invitation's signed profile. */
  async function enrollDevice(options: Partial<SimulatedDeviceOptions> = {}, invitationBody: object = {}) {
    const invitation = await env.invite(invitationBody);
    const profile = await deviceRequest(invitation.profileUrl, { ca: env.caPem });
    if (profile.status !== 200) throw new Error(`profile download failed: ${profile.status}`);
    const device = new SimulatedDevice({ platform: 'ios', supervised: true, trustedCaPem: env.caPem, ...options });
    devices.push(device);
    await device.enroll(profile.body);
    const listed = (await bodyOf(await env.api('/api/devices?limit=500'))).items as { id: string; udid: string }[];
    const id = listed.find((d) => d.udid === device.udid)!.id;
    return { device, id, invitation };
  }

  async function queue(deviceId: string, body: object) {
    return env.api(`/api/devices/${deviceId}/commands`, { method: 'POST', body: JSON.stringify(body) });
  }

  async function commands(deviceId: string): Promise<{ commandUuid: string; requestType: string; status: string; result: Record<string, unknown> | null; errorChain: unknown; notNowCount: number }[]> {
    return (await bodyOf(await env.api(`/api/devices/${deviceId}/commands?limit=500`))).items;
  }

  return {
    ...env,
    apns,
    enrollDevice,
    queue,
    commands,
    stop: async () => {
      for (const device of devices) {
        await device.stopWaking();
        device.close();
      }
      await env.stop();
      await apns.close();
    },
  };
}
