import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorKeyPool } from '../../support/device-simulator/key-pool';
import { EnrollmentRejected, SimulatedDevice } from '../../support/device-simulator/simulated-device';
import { tempDir } from '../../support/core-fixtures';
import { startMdmTestBed, verifyWithOpenssl, type MdmTestBed } from './fixtures/mdm-test-bed';
import { TOPIC } from './fixtures/profile-fixture';
import { issueCertificate, pkcs12Of } from './fixtures/test-pki';

describe('SimulatedDevice enrollment', () => {
  let bed: MdmTestBed;
  const devices: SimulatedDevice[] = [];
  const newDevice = (options: Partial<ConstructorParameters<typeof SimulatedDevice>[0]> = {}) => {
    const device = new SimulatedDevice({ platform: 'ios', trustedCaPem: bed.ca.certificatePem, ...options });
    devices.push(device);
    return device;
  };

  beforeAll(async () => {
    bed = await startMdmTestBed();
  });
  afterEach(() => {
    for (const device of devices.splice(0)) device.close();
    bed.server.requests.splice(0);
  });
  afterAll(() => bed.stop());

  it('gets its identity by SCEP, then sends Authenticate and TokenUpdate as signed XML plists', async () => {
    const device = newDevice({ platform: 'ios', name: 'Alex’s iPhone', serialNumber: 'F2LXK0AAHG7F' });
    const result = await device.enroll(bed.profile());
    expect(result.scep?.identity.certificatePem).toBe(device.identity.certificatePem);

    const checkins = bed.server.requestsTo('checkin');
    expect(checkins.map((r) => r.plist?.MessageType)).toEqual(['Authenticate', 'TokenUpdate']);
    for (const request of checkins) {
      expect(request.method).toBe('PUT');
      expect(request.headers['content-type']).toBe('application/x-apple-aspen-mdm-checkin');
      expect(request.query.get('invitation')).toBe('inv-1');
      const signer = await verifyWithOpenssl(request.body, String(request.headers['mdm-signature']));
      expect(new X509Certificate(signer).fingerprint256).toBe(new X509Certificate(device.identity.certificatePem).fingerprint256);
    }
    const [authenticate, tokenUpdate] = checkins.map((r) => r.plist ?? {});
    expect(authenticate).toMatchObject({ Topic: TOPIC, UDID: device.udid, DeviceName: 'Alex’s iPhone', SerialNumber: 'F2LXK0AAHG7F', ModelName: 'iPhone', OSVersion: '18.1', BuildVersion: '22B83' });
    expect(authenticate).toHaveProperty('ProductName');
    expect(authenticate).toHaveProperty('Model');
    expect(String(authenticate?.IMEI)).toMatch(/^\d{15}$/);
    expect(authenticate).toHaveProperty('MEID');
    expect(tokenUpdate).toMatchObject({ Topic: TOPIC, UDID: device.udid, PushMagic: device.pushMagic, AwaitingConfiguration: false });
    expect(Buffer.from(tokenUpdate?.Token as Uint8Array).toString('hex')).toBe(device.pushToken);
    expect(device.pushToken).toMatch(/^[0-9a-f]{64}$/);
    expect(device.pushMagic).toMatch(/^[0-9A-F-]{36}$/);
    expect(Buffer.from(tokenUpdate?.UnlockToken as Uint8Array).equals(device.unlockToken ?? Buffer.alloc(0))).toBe(true);
    expect(device.enrolled).toBe(true);
  });

  it('enrolls with a key from the pre-generated pool, which keeps its keys on disk for the next run', async () => {
    const cache = await tempDir();
    const pool = await SimulatorKeyPool.load(2, { bits: 2048, cacheDir: cache.path });
    const again = await SimulatorKeyPool.load(2, { bits: 2048, cacheDir: cache.path });
    const key = pool.take();
    expect(again.take()).toBe(key);
    expect(pool.take()).not.toBe(key);
    expect(() => pool.take()).toThrow(/only 2 keys/);
    const device = newDevice();
    await device.enroll(bed.profile(), { privateKeyPem: key });
    expect(new X509Certificate(device.identity.certificatePem).checkPrivateKey(createPrivateKey(key))).toBe(true);
    await cache.remove();
  });

  it('a Mac sends no IMEI/MEID and no UnlockToken', async () => {
    const device = newDevice({ platform: 'macos' });
    await device.enroll(bed.profile());
    const [authenticate, tokenUpdate] = bed.server.requestsTo('checkin').map((r) => r.plist ?? {});
    expect(authenticate).not.toHaveProperty('IMEI');
    expect(authenticate).toMatchObject({ ModelName: 'MacBook Air', UDID: device.udid });
    expect(device.udid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(tokenUpdate).not.toHaveProperty('UnlockToken');
    expect(device.unlockToken).toBeUndefined();
  });

  it('uses a PKCS#12 identity and, without SignMessage, presents it in mutual TLS instead of Mdm-Signature', async () => {
    const identity = issueCertificate(bed.ca, { commonName: 'p12 device', clientAuth: true });
    const device = newDevice({ platform: 'ipados' });
    await device.enroll(bed.profile({ identity: { kind: 'pkcs12', p12: pkcs12Of(identity, 'secret'), password: 'secret' }, signMessage: false }));
    const checkins = bed.server.requestsTo('checkin');
    expect(checkins).toHaveLength(2);
    for (const request of checkins) {
      expect(request.headers['mdm-signature']).toBeUndefined();
      expect(new X509Certificate(request.clientCertificateDer ?? Buffer.alloc(0)).fingerprint256).toBe(new X509Certificate(identity.certificatePem).fingerprint256);
    }
    expect(checkins[0]?.plist).not.toHaveProperty('IMEI'); // an iPad
  });

  it('aborts when the server refuses Authenticate', async () => {
    bed.server.checkinOverrides.push({ status: 403, body: 'no' });
    const device = newDevice();
    const error = await device.enroll(bed.profile()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnrollmentRejected);
    expect(error).toMatchObject({ step: 'Authenticate', response: { status: 403 } });
    expect(bed.server.requestsTo('checkin')).toHaveLength(1);
    expect(device.enrolled).toBe(false);
  });

  it('refuses a profile signed by an untrusted signer before contacting the server', async () => {
    const device = new SimulatedDevice({ platform: 'ios', trustedCaPem: bed.ca.certificatePem });
    const { createTestCa } = await import('./fixtures/test-pki');
    const { enrollmentProfileXml, signProfile } = await import('./fixtures/profile-fixture');
    const stranger = issueCertificate(createTestCa('Stranger CA'), { commonName: 'stranger' });
    const xml = enrollmentProfileXml({ serverBase: bed.server.url, rootCaPem: bed.ca.certificatePem, identity: { kind: 'scep', url: `${bed.server.url}/scep`, challenge: 'x', organization: 'o' } });
    await expect(device.enroll(signProfile(xml, stranger))).rejects.toThrow(/does not chain/);
    expect(bed.server.requests).toHaveLength(0);
  });

  it('renews its token, checks out, and signs with another identity on request', async () => {
    const device = newDevice();
    const other = newDevice();
    await device.enroll(bed.profile());
    await other.enroll(bed.profile());
    const oldToken = device.pushToken;
    expect((await device.renewTokenUpdate({ newToken: true })).status).toBe(200);
    expect(device.pushToken).not.toBe(oldToken);
    const renewal = bed.server.requestsTo('checkin').at(-1);
    expect(renewal?.plist).toMatchObject({ MessageType: 'TokenUpdate', UDID: device.udid });
    expect(Buffer.from(renewal?.plist?.Token as Uint8Array).toString('hex')).toBe(device.pushToken);

    await device.withIdentity(other).sendCheckin({ MessageType: 'TokenUpdate', Topic: TOPIC, UDID: device.udid });
    const impersonated = bed.server.requestsTo('checkin').at(-1);
    const signer = await verifyWithOpenssl(impersonated?.body ?? Buffer.alloc(0), String(impersonated?.headers['mdm-signature']));
    expect(new X509Certificate(signer).fingerprint256).toBe(new X509Certificate(other.identity.certificatePem).fingerprint256);
    device.withIdentity(null);

    expect((await device.checkOut()).status).toBe(200);
    expect(bed.server.requestsTo('checkin').at(-1)?.plist).toEqual({ MessageType: 'CheckOut', Topic: TOPIC, UDID: device.udid });
    expect(device.unenrolled).toBe(true);
    await expect(device.connect()).rejects.toThrow(/not enrolled/);
  });

  it('sends raw bodies with no, garbage or foreign signatures for bad-input tests', async () => {
    const device = newDevice();
    await device.enroll(bed.profile());
    const foreign = issueCertificate(bed.ca, { commonName: 'foreign' });
    await device.sendRaw({ channel: 'server', body: Buffer.from('not a plist'), signature: 'none' });
    await device.sendRaw({ channel: 'checkin', body: Buffer.from('<plist/>'), signature: 'garbage', contentType: 'text/plain' });
    await device.sendRaw({ channel: 'checkin', body: Buffer.from('x'), signature: { signWith: foreign } });
    const [none, garbage, signed] = bed.server.requests.slice(-3);
    expect(none).toMatchObject({ path: '/mdm/server' });
    expect(none?.headers['mdm-signature']).toBeUndefined();
    expect(none?.headers['content-type']).toBe('application/x-apple-aspen-mdm');
    expect(garbage?.headers['content-type']).toBe('text/plain');
    expect(Buffer.from(String(garbage?.headers['mdm-signature']), 'base64')).toHaveLength(256);
    const signer = await verifyWithOpenssl(Buffer.from('x'), String(signed?.headers['mdm-signature']));
    expect(new X509Certificate(signer).fingerprint256).toBe(new X509Certificate(foreign.certificatePem).fingerprint256);
  });
});
