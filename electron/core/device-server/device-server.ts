import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServerStatus } from '../../../contract/models';
import type { Logger } from '../logger';
import { sendText } from './respond';

/** The certificate the HTTPS listener presents, and the CA whose client certificates it asks for. */
export interface DeviceTlsCredentials {
  /** The certificate followed by its chain. */
  chainPem: string;
  privateKeyPem: string;
  /** CA whose device identities may be presented as TLS client certificates. */
  clientCaPem: string;
}

/** Answers one device request (a DeviceRouter's `handle`). */
export type DeviceRequestHandler = (request: IncomingMessage, response: ServerResponse, secure: boolean) => Promise<void>;

export interface DeviceListenOptions {
  bind: string;
  mdmPort: number;
  /** 0 switches the plain-HTTP landing-page listener off. */
  httpPort: number;
  tls: DeviceTlsCredentials;
}

/** Connections the kernel may hold for the device-facing listeners before they are accepted (capped by net.core.somaxconn). */
const connectionBacklog = 2048;

/**
 * The device-facing listeners: HTTPS on the MDM port (pages, profiles, SCEP,
 * MDM) and an optional plain-HTTP port for the landing page and the public
 * trust profile. The TLS certificate can be swapped without a restart.
 */
export class DeviceServer {
  private https: HttpsServer | null = null;
  private http: Server | null = null;
  private current: Omit<DeviceListenOptions, 'tls'> | null = null;
  private states: Record<'https' | 'http', ServerStatus> = {
    https: { name: 'device HTTPS', state: 'stopped' },
    http: { name: 'enrollment HTTP', state: 'stopped' },
  };

  constructor(
    private readonly handler: DeviceRequestHandler,
    private readonly logger: Logger,
  ) {}

  status(): ServerStatus[] {
    return [this.states.https, this.states.http];
  }

  ports(): { mdm: number; http: number } {
    return { mdm: (this.https?.address() as AddressInfo | null)?.port ?? 0, http: (this.http?.address() as AddressInfo | null)?.port ?? 0 };
  }

  async start(options: DeviceListenOptions): Promise<void> {
    this.current = { bind: options.bind, mdmPort: options.mdmPort, httpPort: options.httpPort };
    const https = createHttpsServer(secureOptions(options.tls), (req, res) => this.dispatch(req, res, true));
    this.https = https;
    await this.listen(https, 'https', options.bind, options.mdmPort);
    if (options.httpPort > 0) {
      const http = createHttpServer((req, res) => this.dispatch(req, res, false));
      this.http = http;
      await this.listen(http, 'http', options.bind, options.httpPort);
    } else {
      this.states.http = { name: 'enrollment HTTP', state: 'disabled' };
    }
  }

  updateTls(tls: DeviceTlsCredentials): void {
    this.https?.setSecureContext(secureOptions(tls));
  }

  /** Restarts the listeners when a port or the address changed. */
  async reconfigure(options: DeviceListenOptions): Promise<void> {
    const next = { bind: options.bind, mdmPort: options.mdmPort, httpPort: options.httpPort };
    if (this.current && JSON.stringify(this.current) === JSON.stringify(next)) {
      this.updateTls(options.tls);
      return;
    }
    await this.stop();
    await this.start(options);
  }

  async stop(): Promise<void> {
    await Promise.all([close(this.https), close(this.http)]);
    this.https = null;
    this.http = null;
    this.states.https = { name: 'device HTTPS', state: 'stopped' };
    this.states.http = { name: 'enrollment HTTP', state: 'stopped' };
  }

  private async listen(server: Server | HttpsServer, which: 'https' | 'http', bind: string, port: number): Promise<void> {
    const name = this.states[which].name;
    this.states[which] = { name, state: 'starting' };
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        // A push to the whole fleet makes every device connect at once: queue that burst (Node's default is 511).
        server.listen({ port, host: bind, backlog: connectionBacklog }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const message = `${name} could not listen on ${bind}:${port}: ${(error as Error).message}`;
      this.states[which] = { name, state: 'failed', error: message };
      this.logger.error(message);
      return;
    }
    server.on('error', (error) => this.logger.error(`${name}: ${error.message}`));
    const actual = (server.address() as AddressInfo).port;
    this.states[which] = { name, state: 'running', url: `${which}://${bind}:${actual}` };
  }

  private dispatch(request: IncomingMessage, response: ServerResponse, secure: boolean): void {
    this.handler(request, response, secure).catch((error: Error) => {
      this.logger.error(`device request ${request.method} ${request.url} failed: ${error.stack ?? error.message}`);
      // A failure on our side is a 500: never 401/403, which would unenroll a device.
      if (!response.headersSent) sendText(response, 500, 'internal error');
      else response.destroy();
    });
  }
}

/**
 * Devices may prove their identity with a TLS client certificate instead of
 * Mdm-Signature, so one is requested (naming the office CA) but not required:
 * browsers opening the landing page have none, and the MDM layer decides.
 */
function secureOptions(tls: DeviceTlsCredentials) {
  return { cert: tls.chainPem, key: tls.privateKeyPem, ca: tls.clientCaPem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' as const };
}

function close(server: Server | HttpsServer | null): Promise<void> {
  if (!server || !server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
