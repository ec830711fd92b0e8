import { describe, expect, it } from 'vitest';
import { parseServeOptions, serveDefaults, UsageError } from '../../../electron/core/config/serve-options';

describe('serve options', () => {
  it('uses defaults when nothing is given', () => {
    const options = parseServeOptions([], { HOME: '/home/a' });
    expect(options).toMatchObject({ dataDir: '/home/a/.local/share/lanyard', adminPort: serveDefaults.adminPort, adminBind: '127.0.0.1', apnsUrl: 'https://api.push.apple.com', pinned: {} });
  });

  it('reads flags in both forms and pins the network ones', () => {
    const options = parseServeOptions(['--data-dir', '/d', '--public-host=mdm.office.lan', '--mdm-port', '9443', '--admin-port', '0', '--admin-bind', '0.0.0.0'], {});
    expect(options).toMatchObject({ dataDir: '/d', adminPort: 0, adminBind: '0.0.0.0' });
    expect(options.pinned).toEqual({ publicHost: { value: 'mdm.office.lan', source: '--public-host' }, mdmPort: { value: 9443, source: '--mdm-port' } });
  });

  it('reads environment variables, and flags win over them', () => {
    const options = parseServeOptions(['--mdm-port', '7000'], { LANYARD_MDM_PORT: '6000', LANYARD_ENROLLMENT_HTTP_PORT: '0', LANYARD_APNS_URL: 'https://127.0.0.1:2197', LANYARD_DATA_DIR: '/e' });
    expect(options.pinned.mdmPort).toEqual({ value: 7000, source: '--mdm-port' });
    expect(options.pinned.enrollmentHttpPort).toEqual({ value: 0, source: 'LANYARD_ENROLLMENT_HTTP_PORT' });
    expect(options.apnsUrl).toBe('https://127.0.0.1:2197');
    expect(options.dataDir).toBe('/e');
  });

  it('takes a PostgreSQL URL from --database-url or LANYARD_DATABASE_URL, and none by default', () => {
    expect(parseServeOptions([], {}).databaseUrl).toBeUndefined();
    expect(parseServeOptions([], { LANYARD_DATABASE_URL: 'postgres://lanyard@db/lanyard' }).databaseUrl).toBe('postgres://lanyard@db/lanyard');
    expect(parseServeOptions(['--database-url', 'postgresql://a@b/c'], { LANYARD_DATABASE_URL: 'postgres://x@y/z' }).databaseUrl).toBe('postgresql://a@b/c');
  });

  it('refuses a database URL that is not PostgreSQL without echoing it (it may hold a password)', () => {
    expect(() => parseServeOptions(['--database-url', 'mysql://admin:hunter22@db/x'], {})).toThrow(/--database-url: must be a postgres:\/\/ or postgresql:\/\/ URL$/);
  });

  it('takes an external broker with its admin login, and the agents\' keepalive', () => {
    expect(parseServeOptions([], {})).toMatchObject({ mqttPort: 8883, agentKeepaliveSeconds: 30 });
    expect(parseServeOptions([], {}).externalBroker).toBeUndefined();
    const options = parseServeOptions(['--mqtt-url', 'mqtts://broker.office.lan:8883', '--mqtt-admin-username', 'admin', '--mqtt-ca-file', 'ca.pem', '--agent-keepalive', '10'], { LANYARD_MQTT_ADMIN_PASSWORD: 's3cret' });
    expect(options.externalBroker).toEqual({ url: 'mqtts://broker.office.lan:8883', username: 'admin', password: 's3cret', caFile: expect.stringMatching(/\/ca\.pem$/) });
    expect(options.agentKeepaliveSeconds).toBe(10);
    expect(() => parseServeOptions(['--mqtt-url', 'mqtts://b:8883'], {})).toThrow(/--mqtt-url needs --mqtt-admin-username and --mqtt-admin-password/);
    expect(() => parseServeOptions(['--mqtt-admin-username', 'admin'], {})).toThrow(/--mqtt-admin-username only applies with --mqtt-url/);
    expect(() => parseServeOptions(['--mqtt-url', 'https://b'], {})).toThrow(/--mqtt-url: must be an mqtts:\/\/ URL/);
    expect(() => parseServeOptions(['--agent-keepalive', '1'], {})).toThrow(/--agent-keepalive/);
  });

  it.each([
    [['--mdm-port', '70000'], /--mdm-port/],
    [['--mdm-port', 'abc'], /--mdm-port/],
    [['--public-host', 'not a host!'], /--public-host/],
    [['--apns-url', 'http://insecure'], /--apns-url/],
    [['--bogus', '1'], /unknown option --bogus/],
    [['--data-dir'], /needs a value/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseServeOptions(argv, {})).toThrow(UsageError);
    expect(() => parseServeOptions(argv, {})).toThrow(message);
  });
});
