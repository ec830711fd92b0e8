import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { build, parse } from 'plist';

/**
 * The baseline: a bare Node HTTPS server doing only the protocol's
 * unavoidable work — read the body, parse the plist, build the reply plist.
 * No signature check, no store, no queue.
 */
export async function startBarePlistServer(tls: { certificatePem: string; privateKeyPem: string }): Promise<{ url: string; close(): Promise<void> }> {
  const command = build({ CommandUUID: 'BASELINE', Command: { RequestType: 'DeviceInformation', Queries: ['DeviceName', 'SerialNumber'] } });
  const server: Server = createServer({ cert: tls.certificatePem, key: tls.privateKeyPem }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const message = (body.subarray(0, 8).toString() === 'bplist00' ? parse(body) : parse(body.toString('utf8'))) as Record<string, unknown>;
      const reply = message.Status === 'Idle' ? command : '';
      response.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(reply) });
      response.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
