import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { HostName, OptionalPort, Port } from '../../../contract/models';
import { DEFAULT_APNS_URL } from '../push/apns-http2-provider';
import type { PinnedNetwork } from '../settings/settings-service';

/** One option of `lanyard serve`: its flag, environment variable and validation. */
interface OptionSpec {
  flag: string;
  env: string;
  schema: z.ZodType;
  help: string;
}

const portFrom = (schema: z.ZodNumber) => z.coerce.number().pipe(schema);

export const serveOptionSpecs = {
  dataDir: { flag: '--data-dir', env: 'LANYARD_DATA_DIR', schema: z.string().min(1), help: 'where Lanyard keeps its data' },
  publicHost: { flag: '--public-host', env: 'LANYARD_PUBLIC_HOST', schema: HostName, help: 'host name or IP devices use to reach this computer' },
  mdmPort: { flag: '--mdm-port', env: 'LANYARD_MDM_PORT', schema: portFrom(Port), help: 'device-facing HTTPS port' },
  enrollmentHttpPort: { flag: '--enrollment-http-port', env: 'LANYARD_ENROLLMENT_HTTP_PORT', schema: portFrom(OptionalPort), help: 'plain-HTTP landing-page port (0 = off)' },
  adminPort: { flag: '--admin-port', env: 'LANYARD_ADMIN_PORT', schema: portFrom(OptionalPort), help: 'admin API and UI port (0 = any free port)' },
  deviceBind: { flag: '--device-bind', env: 'LANYARD_DEVICE_BIND', schema: z.string().min(1), help: 'address the device-facing ports listen on (all by default)' },
  adminBind: { flag: '--admin-bind', env: 'LANYARD_ADMIN_BIND', schema: z.string().min(1), help: 'address the admin API listens on' },
  mqttPort: { flag: '--mqtt-port', env: 'LANYARD_MQTT_PORT', schema: portFrom(OptionalPort), help: 'agent MQTT broker port, TLS (0 = off)' },
  mqttUrl: { flag: '--mqtt-url', env: 'LANYARD_MQTT_URL', schema: z.url({ protocol: /^mqtts?$/, error: 'must be an mqtts:// URL (mqtt:// only on a trusted network)' }), help: 'use this external Mosquitto 2 broker instead of the embedded one' },
  mqttAdminUsername: { flag: '--mqtt-admin-username', env: 'LANYARD_MQTT_ADMIN_USERNAME', schema: z.string().min(1), help: "the external broker's dynamic-security admin login" },
  mqttAdminPassword: { flag: '--mqtt-admin-password', env: 'LANYARD_MQTT_ADMIN_PASSWORD', schema: z.string().min(1), help: 'its password' },
  mqttCaFile: { flag: '--mqtt-ca-file', env: 'LANYARD_MQTT_CA_FILE', schema: z.string().min(1), help: "PEM file of the CA the external broker's certificate chains to (default: the system's and the office's)" },
  agentKeepalive: { flag: '--agent-keepalive', env: 'LANYARD_AGENT_KEEPALIVE', schema: z.coerce.number().int().min(2).max(3600), help: 'MQTT keepalive agents are given, in seconds (default 30)' },
  databaseUrl: { flag: '--database-url', env: 'LANYARD_DATABASE_URL', schema: z.string().regex(/^postgres(ql)?:\/\/./, 'must be a postgres:// or postgresql:// URL'), help: 'keep the records in this PostgreSQL database instead of the data directory' },
  apnsUrl: { flag: '--apns-url', env: 'LANYARD_APNS_URL', schema: z.url({ protocol: /^https$/ }), help: 'APNs base URL' },
} satisfies Record<string, OptionSpec>;

type Key = keyof typeof serveOptionSpecs;

export interface ServeOptions {
  dataDir: string;
  adminPort: number;
  adminBind: string;
  deviceBind: string;
  apnsUrl: string;
  /** The embedded agent broker's port; 0 turns it off. */
  mqttPort: number;
  /** The keepalive agents are told to use. */
  agentKeepaliveSeconds: number;
  /** An external Mosquitto 2 in place of the embedded broker. */
  externalBroker?: { url: string; username: string; password: string; caFile?: string };
  /** A PostgreSQL URL: the records live there instead of in `<dataDir>/store`. */
  databaseUrl?: string;
  /** Network values given on the command line or in the environment. */
  pinned: PinnedNetwork;
}

export const serveDefaults = {
  adminPort: 8440,
  adminBind: '127.0.0.1',
  deviceBind: '0.0.0.0',
  mdmPort: 8443,
  mqttPort: 8883,
  agentKeepaliveSeconds: 30,
  enrollmentHttpPort: 8080,
  apnsUrl: DEFAULT_APNS_URL,
};

export class UsageError extends Error {}

export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'lanyard');
}

/** Reads flags (`--x value` or `--x=value`) and their environment twins; flags win. */
export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv): ServeOptions {
  const fromFlags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = Object.values(serveOptionSpecs).find((s) => s.flag === flag);
    if (!spec) throw new UsageError(`unknown option ${arg}\n\n${usage()}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    fromFlags.set(flag, value);
  }
  const values: Partial<Record<Key, { value: unknown; source: string }>> = {};
  for (const [key, spec] of Object.entries(serveOptionSpecs) as [Key, OptionSpec][]) {
    const raw = fromFlags.get(spec.flag) ?? env[spec.env];
    if (raw === undefined || raw === '') continue;
    const source = fromFlags.has(spec.flag) ? spec.flag : spec.env;
    const parsed = spec.schema.safeParse(raw);
    // A database URL or a broker password may hold a secret: never echo it.
    const got = key === 'databaseUrl' || key === 'mqttAdminPassword' ? '' : ` (got "${raw}")`;
    if (!parsed.success) throw new UsageError(`${source}: ${parsed.error.issues[0]?.message ?? 'invalid value'}${got}`);
    values[key] = { value: parsed.data, source };
  }
  const pinned: PinnedNetwork = {};
  for (const key of ['publicHost', 'mdmPort', 'enrollmentHttpPort'] as const) {
    const given = values[key];
    if (given) pinned[key] = { value: given.value as string | number, source: given.source };
  }
  return {
    dataDir: resolve((values.dataDir?.value as string | undefined) ?? defaultDataDir(env)),
    adminPort: (values.adminPort?.value as number | undefined) ?? serveDefaults.adminPort,
    adminBind: (values.adminBind?.value as string | undefined) ?? serveDefaults.adminBind,
    deviceBind: (values.deviceBind?.value as string | undefined) ?? serveDefaults.deviceBind,
    apnsUrl: (values.apnsUrl?.value as string | undefined) ?? serveDefaults.apnsUrl,
    mqttPort: (values.mqttPort?.value as number | undefined) ?? serveDefaults.mqttPort,
    agentKeepaliveSeconds: (values.agentKeepalive?.value as number | undefined) ?? serveDefaults.agentKeepaliveSeconds,
    ...externalBroker(values),
    ...(values.databaseUrl ? { databaseUrl: values.databaseUrl.value as string } : {}),
    pinned,
  };
}

function externalBroker(values: Partial<Record<Key, { value: unknown; source: string }>>): Pick<ServeOptions, 'externalBroker'> {
  const url = values.mqttUrl?.value as string | undefined;
  const username = values.mqttAdminUsername?.value as string | undefined;
  const password = values.mqttAdminPassword?.value as string | undefined;
  if (!url) {
    const stray = values.mqttAdminUsername ?? values.mqttAdminPassword ?? values.mqttCaFile;
    if (stray) throw new UsageError(`${stray.source} only applies with --mqtt-url (an external broker)`);
    return {};
  }
  if (!username || !password) throw new UsageError('--mqtt-url needs --mqtt-admin-username and --mqtt-admin-password: Lanyard manages the agents\' logins through the broker\'s dynamic-security plugin');
  const caFile = values.mqttCaFile?.value as string | undefined;
  return { externalBroker: { url, username, password, ...(caFile ? { caFile: resolve(caFile) } : {}) } };
}

/** The agent channel's part of the core's options: the embedded broker's port, or the external broker with its CA read from its file. */
export async function agentChannelOptions(options: ServeOptions): Promise<{ port: number; keepaliveSeconds: number; external?: { url: string; username: string; password: string; caPem?: string } }> {
  const base = { port: options.mqttPort, keepaliveSeconds: options.agentKeepaliveSeconds };
  const external = options.externalBroker;
  if (!external) return base;
  let caPem: string | undefined;
  if (external.caFile) {
    try {
      caPem = await readFile(external.caFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--mqtt-ca-file: cannot read ${external.caFile} (${(error as Error).message})`);
    }
  }
  return { ...base, external: { url: external.url, username: external.username, password: external.password, ...(caPem ? { caPem } : {}) } };
}

export function usage(): string {
  const lines = Object.values(serveOptionSpecs).map((s: OptionSpec) => `  ${s.flag.padEnd(24)} ${s.env.padEnd(30)} ${s.help}`);
  return ['Usage: npm run serve -- [options]', '', '  flag                     environment variable', ...lines, '', '  LANYARD_ADMIN_TOKEN sets the admin token; otherwise one is generated into the data directory.'].join('\n');
}
