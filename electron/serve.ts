import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadAdminToken } from './core/config/admin-token';
import { agentChannelOptions, parseServeOptions, serveDefaults, usage, UsageError } from './core/config/serve-options';
import { LanyardCore } from './core/lanyard-core';
import { defaultPublicHost } from './core/system/lan-addresses';
import { lanyardVersion } from './core/version';

/**
 * Headless Lanyard: the same core as the desktop app, with the admin API and
 * the UI served over HTTP for a browser. `npm run serve -- --help` lists the options.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage());
    return;
  }
  const options = parseServeOptions(argv, process.env);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const admin = await loadAdminToken(options.dataDir, process.env);
  const core = await LanyardCore.create({
    mode: 'headless',
    version: lanyardVersion,
    dataDir: options.dataDir,
    defaults: {
      organizationName: 'My Office',
      publicHost: defaultPublicHost(),
      mdmPort: serveDefaults.mdmPort,
      enrollmentHttpPort: serveDefaults.enrollmentHttpPort,
    },
    pinned: options.pinned,
    admin: { port: options.adminPort, bind: options.adminBind, token: admin.token, rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)) },
    apnsUrl: options.apnsUrl,
    deviceBind: options.deviceBind,
    mqtt: await agentChannelOptions(options),
    ...(options.databaseUrl ? { storage: { kind: 'postgres', url: options.databaseUrl } } : {}),
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[lanyard] ${signal}: shutting down`);
    core.stop().then(
      () => {
        console.log('[lanyard] stopped cleanly');
        process.exit(0);
      },
      (error: Error) => {
        console.error(`[lanyard] shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await core.start();
  const url = core.admin!.url;
  console.log(`[lanyard] data directory: ${options.dataDir}; records in ${core.store.description}`);
  if (admin.source === 'generated') {
    console.log(`[lanyard] admin token generated and saved to ${admin.path} (mode 0600): ${admin.token}`);
    console.log(`[lanyard] open ${url}/#token=${admin.token}`);
  } else {
    console.log(`[lanyard] admin token from ${admin.source === 'environment' ? 'LANYARD_ADMIN_TOKEN' : admin.path}`);
  }
  console.log(`[lanyard] Lanyard ${lanyardVersion} is running: admin UI and API at ${url}`);
}

main().catch((error: Error) => {
  if (error instanceof UsageError) {
    console.error(`lanyard: ${error.message}`);
    process.exit(2);
  }
  console.error(`lanyard: ${error.message}`);
  process.exit(1);
});
