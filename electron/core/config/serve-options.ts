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
    // A database URL may hold a password: never echo it.
    const got = key === 'databaseUrl' ? '' : ` (got "${raw}")`;
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
    ...(values.databaseUrl ? { databaseUrl: values.databaseUrl.value as string } : {}),
    pinned,
  };
}

export function usage(): string {
  const lines = Object.values(serveOptionSpecs).map((s: OptionSpec) => `  ${s.flag.padEnd(24)} ${s.env.padEnd(30)} ${s.help}`);
  return ['Usage: npm run serve -- [options]', '', '  flag                     environment variable', ...lines, '', '  LANYARD_ADMIN_TOKEN sets the admin token; otherwise one is generated into the data directory.'].join('\n');
}
