import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedDevice, type SimulatedDeviceOptions } from '../../support/device-simulator/simulated-device';
import { startMdmTestBed, verifyWithOpenssl, type MdmTestBed } from './fixtures/mdm-test-bed';
import { configurationProfileXml, signProfile, TOPIC, type EnrollmentProfileFixture } from './fixtures/profile-fixture';

const UNKNOWN_COMMAND = { ErrorCode: 12021, ErrorDomain: 'MCMDMErrorDomain', LocalizedDescription: 'Unknown command', USEnglishDescription: 'Unknown command' };

describe('SimulatedDevice command loop', () => {
  let bed: MdmTestBed;
  const devices: SimulatedDevice[] = [];

  async function enrolled(options: Partial<SimulatedDeviceOptions> = {}, profile: Partial<EnrollmentProfileFixture> = {}): Promise<SimulatedDevice> {
    const device = new SimulatedDevice({ platform: 'ios', trustedCaPem: bed.ca.certificatePem, ...options });
    devices.push(device);
    await device.enroll(bed.profile(profile));
    return device;
  }

  /** Queues commands, runs one session, and returns each command's reported result by position. */
  async function run(device: SimulatedDevice, ...commands: Array<[string, Record<string, unknown>?]>) {
    const uuids = commands.map(([type, fields]) => bed.server.enqueue(type, (fields ?? {}) as never));
    const log = await device.connect();
    return { log, results: uuids.map((uuid) => bed.server.results.get(uuid) ?? {}) };
  }

  beforeAll(async () => {
    bed = await startMdmTestBed();
  });
  afterEach(() => {
    for (const device of devices.splice(0)) device.close();
    bed.server.queue.splice(0);
  });
  afterAll(() => bed.stop());

  it('starts with a signed Idle report and stops on an empty 200', async () => {
    const device = await enrolled();
    const log = await device.connect();
    expect(log.endedBy).toBe('idle');
    expect(log.httpStatuses).toEqual([200]);
    expect(log.exchanges[0]?.sent).toEqual({ UDID: device.udid, Status: 'Idle' });
    const request = bed.server.requestsTo('server').at(-1);
    expect(request?.method).toBe('PUT');
    expect(request?.headers['content-type']).toBe('application/x-apple-aspen-mdm');
    expect(request?.plist).toEqual({ UDID: device.udid, Status: 'Idle' });
    await verifyWithOpenssl(request?.body ?? Buffer.alloc(0), String(request?.headers['mdm-signature']));
  });

  it('answers inventory commands with the keys a real iPhone sends', async () => {
    const device = await enrolled({ platform: 'ios', name: 'Front desk' });
    const queries = ['UDID', 'DeviceName', 'OSVersion', 'BuildVersion', 'ProductName', 'Model', 'ModelName', 'SerialNumber', 'DeviceCapacity', 'AvailableDeviceCapacity', 'BatteryLevel', 'IsSupervised', 'WiFiMAC', 'BluetoothMAC', 'IsMDMLostModeEnabled', 'IsActivationLockEnabled', 'NoSuchQuery'];
    const { log, results } = await run(device, ['DeviceInformation', { Queries: queries }], ['SecurityInfo'], ['ProfileList'], ['InstalledApplicationList'], ['CertificateList']);
    expect(log.commands.map((c) => [c.requestType, c.status])).toEqual([
      ['DeviceInformation', 'Acknowledged'],
      ['SecurityInfo', 'Acknowledged'],
      ['ProfileList', 'Acknowledged'],
      ['InstalledApplicationList', 'Acknowledged'],
      ['CertificateList', 'Acknowledged'],
    ]);
    const [info, security, profiles, apps, certificates] = results;
    expect(info).toMatchObject({ UDID: device.udid, Status: 'Acknowledged' });
    const answers = info?.QueryResponses as Record<string, unknown>;
    expect(Object.keys(answers).sort()).toEqual(queries.filter((q) => q !== 'NoSuchQuery').sort());
    expect(answers).toMatchObject({ UDID: device.udid, DeviceName: 'Front desk', IsSupervised: false, IsMDMLostModeEnabled: false });
    expect(answers.WiFiMAC).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(security?.SecurityInfo).toMatchObject({ PasscodePresent: true, PasscodeCompliant: true, HardwareEncryptionCaps: 3 });
    const profileList = profiles?.ProfileList as Array<Record<string, unknown>>;
    expect(profileList.map((p) => [p.PayloadIdentifier, p.IsManaged])).toEqual([['com.example.lanyard.enrollment', false]]);
    expect(profileList[0]?.SignerCertificates).toHaveLength(1);
    expect((apps?.InstalledApplicationList as unknown[]).length).toBeGreaterThan(1);
    expect(apps?.InstalledApplicationList).toContainEqual(expect.objectContaining({ Identifier: 'com.tinyspeck.chatlyio', Name: 'Slack', ShortVersion: expect.any(String), BundleSize: expect.any(Number) }));
    expect((certificates?.CertificateList as Array<Record<string, unknown>>).map((c) => c.IsIdentity)).toEqual([true, false]);
  });

  it('a Mac reports FileVault, SIP, firewall and Ethernet, and no battery', async () => {
    const device = await enrolled({ platform: 'macos' });
    const { results } = await run(device, ['DeviceInformation', { Queries: ['EthernetMAC', 'BatteryLevel', 'SystemIntegrityProtectionEnabled', 'ModelName'] }], ['SecurityInfo']);
    expect(Object.keys(results[0]?.QueryResponses as object).sort()).toEqual(['EthernetMAC', 'ModelName', 'SystemIntegrityProtectionEnabled']);
    expect(results[1]?.SecurityInfo).toMatchObject({ FDE_Enabled: true, SystemIntegrityProtectionEnabled: true, FirewallSettings: { FirewallEnabled: true } });
    expect(results[1]?.SecurityInfo).not.toHaveProperty('HardwareEncryptionCaps');
  });

  it('installs signed and unsigned profiles, rejects garbage, and removes only what is installed', async () => {
    const device = await enrolled();
    const signed = signProfile(configurationProfileXml('com.example.wifi'), bed.profileSigner);
    const { results } = await run(
      device,
      ['InstallProfile', { Payload: signed }],
      ['InstallProfile', { Payload: configurationProfileXml('com.example.vpn', 'VPN') }],
      ['InstallProfile', { Payload: Buffer.from('definitely not a profile') }],
      ['RemoveProfile', { Identifier: 'com.example.nothing' }],
      ['RemoveProfile', { Identifier: 'com.example.vpn' }],
      ['ProfileList', { ManagedOnly: true }],
    );
    expect(results.map((r) => r.Status)).toEqual(['Acknowledged', 'Acknowledged', 'Error', 'Error', 'Acknowledged', 'Acknowledged']);
    expect(results[2]?.ErrorChain).toContainEqual(expect.objectContaining({ ErrorDomain: 'MCProfileErrorDomain', ErrorCode: 1000 }));
    expect(results[3]?.ErrorChain).toEqual([expect.objectContaining({ ErrorCode: expect.any(Number), ErrorDomain: expect.any(String), LocalizedDescription: expect.stringContaining('com.example.nothing'), USEnglishDescription: expect.any(String) })]);
    expect((results[5]?.ProfileList as Array<Record<string, unknown>>).map((p) => [p.PayloadIdentifier, p.IsManaged])).toEqual([['com.example.wifi', true]]);
  });

  it('installs and removes apps', async () => {
    const device = await enrolled({ supervised: true });
    const { results } = await run(
      device,
      ['InstallApplication', { iTunesStoreID: 361309726 }],
      ['InstallApplication', { ManifestURL: 'http://insecure.example/app.plist' }],
      ['RemoveApplication', { Identifier: 'com.appstore.app361309726' }],
      ['RemoveApplication', { Identifier: 'com.tinyspeck.chatlyio' }],
    );
    expect(results[0]).toMatchObject({ Status: 'Acknowledged', Identifier: 'com.appstore.app361309726', State: 'Installing' });
    expect(results.slice(1).map((r) => r.Status)).toEqual(['CommandFormatError', 'Acknowledged', 'Error']);
  });

  it('locks, clears the passcode with its own UnlockToken only, and gates restart on supervision', async () => {
    const device = await enrolled({ platform: 'ios', supervised: false });
    const { results } = await run(
      device,
      ['DeviceLock', { Message: 'Call IT' }],
      ['ClearPasscode', { UnlockToken: Buffer.alloc(256, 1) }],
      ['ClearPasscode', { UnlockToken: device.unlockToken ?? Buffer.alloc(0) }],
      ['RestartDevice'],
      ['ShutDownDevice'],
      ['SecurityInfo'],
    );
    expect(results[0]).toMatchObject({ Status: 'Acknowledged', MessageResult: expect.any(String) });
    expect(results.slice(1, 5).map((r) => r.Status)).toEqual(['Error', 'Acknowledged', 'Error', 'Error']);
    expect(results[3]?.ErrorChain).toHaveLength(1);
    expect(results[5]?.SecurityInfo).toMatchObject({ PasscodePresent: false });
    expect(device.state.locked).toBe(true);
  });

  it('needs a 6-digit PIN to lock a Mac', async () => {
    const device = await enrolled({ platform: 'macos' });
    const { results } = await run(device, ['DeviceLock'], ['DeviceLock', { PIN: '12345' }], ['DeviceLock', { PIN: '123456' }], ['RestartDevice']);
    expect(results.map((r) => r.Status)).toEqual(['CommandFormatError', 'CommandFormatError', 'Acknowledged', 'Acknowledged']);
  });

  it('renames through Settings only when supervised', async () => {
    const supervised = await enrolled({ supervised: true });
    const plain = await enrolled({ supervised: false, name: 'Unchanged' });
    const [a, b] = [await run(supervised, ['Settings', { Settings: [{ Item: 'DeviceName', DeviceName: 'Reception iPad' }] }]), await run(plain, ['Settings', { Settings: [{ Item: 'DeviceName', DeviceName: 'Nope' }] }])];
    expect(a.results[0]).toMatchObject({ Status: 'Acknowledged', Settings: [{ Item: 'DeviceName', Status: 'Acknowledged' }] });
    expect(supervised.name).toBe('Reception iPad');
    expect(b.results[0]).toMatchObject({ Status: 'Acknowledged', Settings: [{ Item: 'DeviceName', Status: 'Error', ErrorChain: [expect.any(Object)] }] });
    expect(plain.name).toBe('Unchanged');
  });

  it('supports Lost Mode and DeviceLocation on supervised iOS only', async () => {
    const supervised = await enrolled({ supervised: true });
    const { results } = await run(
      supervised,
      ['DeviceLocation'],
      ['EnableLostMode', {}],
      ['EnableLostMode', { Message: 'Please return', PhoneNumber: '+33 1 23 45 67 89' }],
      ['DeviceLocation'],
      ['PlayLostModeSound'],
      ['DeviceInformation', { Queries: ['IsMDMLostModeEnabled'] }],
      ['DisableLostMode'],
    );
    expect(results.map((r) => r.Status)).toEqual(['Error', 'CommandFormatError', 'Acknowledged', 'Acknowledged', 'Acknowledged', 'Acknowledged', 'Acknowledged']);
    expect(results[3]).toMatchObject({ Latitude: expect.any(Number), Longitude: expect.any(Number), HorizontalAccuracy: expect.any(Number), Timestamp: expect.any(String) });
    expect(results[5]?.QueryResponses).toEqual({ IsMDMLostModeEnabled: true });

    const unsupervised = await enrolled({ supervised: false });
    const mac = await enrolled({ platform: 'macos', supervised: true });
    for (const device of [unsupervised, mac]) {
      const refused = await run(device, ['EnableLostMode', { Message: 'x' }], ['DeviceLocation']);
      expect(refused.results.map((r) => r.Status)).toEqual(['Error', 'Error']);
      expect(refused.results[0]?.ErrorChain).toEqual([expect.objectContaining({ ErrorDomain: 'MCMDMErrorDomain', LocalizedDescription: expect.any(String) })]);
    }
  });

  it('answers unknown commands with error 12021, and malformed ones with CommandFormatError', async () => {
    const device = await enrolled();
    const { results } = await run(device, ['MakeCoffee']);
    expect(results[0]).toEqual({ UDID: device.udid, CommandUUID: expect.any(String), Status: 'Error', ErrorChain: [UNKNOWN_COMMAND] });
    bed.server.rawCommandBodies.push(Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict><key>CommandUUID</key><string>no-command</string></dict></plist>'));
    const malformed = await device.connect();
    expect(malformed.commands[0]).toMatchObject({ commandUuid: 'no-command', status: 'CommandFormatError' });
    bed.server.rawCommandBodies.push(Buffer.from('garbage'));
    expect((await device.connect()).endedBy).toBe('unreadable-response');
  });

  it('answers scripted NotNow, Error and CommandFormatError, then runs commands for real again', async () => {
    const device = await enrolled();
    device.answerNext('DeviceInformation', 'NotNow');
    device.answerNext('*', 'Error', 2);
    const info = bed.server.enqueue('DeviceInformation', { Queries: ['UDID'] });
    const first = await run(device, ['SecurityInfo'], ['ProfileList'], ['SecurityInfo']);
    expect(first.log.commands.map((c) => [c.requestType, c.status])).toEqual([
      ['DeviceInformation', 'NotNow'],
      ['SecurityInfo', 'Error'],
      ['ProfileList', 'Error'],
      ['SecurityInfo', 'Acknowledged'],
    ]);
    expect(first.results[0]?.ErrorChain).toHaveLength(1);
    expect(bed.server.results.has(info)).toBe(false); // NotNow: still queued, skipped for this session
    device.answerNext('ProfileList', 'CommandFormatError');
    const second = await run(device, ['ProfileList']);
    expect(second.log.commands.map((c) => [c.requestType, c.status])).toEqual([
      ['DeviceInformation', 'Acknowledged'],
      ['ProfileList', 'CommandFormatError'],
    ]);
    expect(bed.server.results.get(info)?.QueryResponses).toEqual({ UDID: device.udid });
  });

  it('records non-200 answers, and takes 401 as being unenrolled', async () => {
    const device = await enrolled();
    bed.server.serverOverrides.push({ status: 500, body: 'oops' });
    const failed = await device.connect();
    expect(failed).toMatchObject({ endedBy: 'http-status', finalHttpStatus: 500, unenrolled: false });
    expect(failed.finalBody.toString()).toBe('oops');
    expect(device.unenrolled).toBe(false);

    bed.server.enqueue('ProfileList');
    bed.server.serverOverrides.push('default', { status: 401 }); // the Idle gets the queued command, its report a 401
    const session = await device.connect();
    expect(session.httpStatuses).toEqual([200, 401]);
    expect(session.commands.map((c) => c.requestType)).toEqual(['ProfileList']);
    expect(device.unenrolled).toBe(true);
    expect(device.enrolled).toBe(false);
  });

  it('wipes itself after acknowledging EraseDevice, without reading further commands', async () => {
    const device = await enrolled();
    const { log, results } = await run(device, ['EraseDevice'], ['ProfileList']);
    expect(results[0]?.Status).toBe('Acknowledged');
    expect(log).toMatchObject({ endedBy: 'device-effect' });
    expect(log.commands.map((c) => c.requestType)).toEqual(['EraseDevice']);
    expect(device.erased).toBe(true);
    expect(device.unenrolled).toBe(true);
  });

  it('checks out after RemoveProfile of its enrollment profile', async () => {
    const device = await enrolled({}, { checkOutWhenRemoved: true });
    await run(device, ['RemoveProfile', { Identifier: 'com.example.lanyard.enrollment' }]);
    expect(bed.server.requestsTo('checkin').at(-1)?.plist).toEqual({ MessageType: 'CheckOut', Topic: TOPIC, UDID: device.udid });
    expect(device.unenrolled).toBe(true);
  });

  it('refuses commands its AccessRights do not allow', async () => {
    const device = await enrolled({}, { accessRights: 1 | 16 });
    const { results } = await run(device, ['ProfileList'], ['InstallApplication', { iTunesStoreID: 1 }], ['DeviceInformation', { Queries: ['UDID', 'WiFiMAC'] }]);
    expect(results.map((r) => r.Status)).toEqual(['Acknowledged', 'Error', 'Acknowledged']);
    expect(results[2]?.QueryResponses).toEqual({ UDID: device.udid }); // network info needs right 32
  });
});
