import { readFileSync } from 'node:fs';
import { startBarePlistServer } from './bare-plist-server';

/**
 * The bare server as its own process, so it has a core to itself as Lanyard
 * does: `node bare-plist-server.mjs <tls.json>` prints `listening <url>`.
 */
const tls = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { certificatePem: string; privateKeyPem: string };
const server = await startBarePlistServer(tls);
console.log(`listening ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
