// Sends MDM wake-up pushes to APNs over ONE long-lived HTTP/2 session
// (mutual TLS with the MDM push certificate), multiplexing one stream per push.
// The session is opened lazily and replaced after GOAWAY, close, error or a
// request timeout; it is unref'd while idle so it never keeps the process alive.
import http2 from 'node:http2';
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { outcomeFromApnsResponse } from './apns-response-outcome';
import type { PushOutcome, PushProvider, PushTarget } from './push-provider';
import { invalidPushTargetReason } from './push-target-validation';

export interface ApnsHttp2ProviderOptions {
  /** e.g. https://api.push.apple.com, or a local test server. */
  baseUrl: string;
  certificatePem: string;
  privateKeyPem: string;
  /** Extra trusted CA(s) for the server certificate; default: Node's trust store (+ NODE_EXTRA_CA_CERTS). */
  ca?: string;
  /** apns-expiration = now + this; default 7 days. */
  expirationSeconds?: number;
  /** Per push, including connecting; default 15 s. On timeout the session is dropped. */
  requestTimeoutMs?: number;
}

export const DEFAULT_APNS_URL = 'https://api.push.apple.com';
const DEFAULT_EXPIRATION_SECONDS = 7 * 24 * 60 * 60;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

interface Connection {
  session: ClientHttp2Session;
  active: number;
  onIdle: (() => void)[];
}

function failed(reason: string, retryable: boolean): PushOutcome {
  return { kind: 'failed', reason, retryable };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const message = error.message.split('\n')[0] ?? '';
  return code ? `${code}: ${message}` : message;
}

function singleHeader(value: IncomingHttpHeaders[string]): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export class ApnsHttp2Provider implements PushProvider {
  private readonly origin: string;
  private readonly expirationSeconds: number;
  private readonly requestTimeoutMs: number;
  private connection: Connection | undefined;
  private readonly draining = new Set<Connection>();
  private closed = false;

  constructor(private readonly options: ApnsHttp2ProviderOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:') throw new Error(`APNs base URL must be https: ${options.baseUrl}`);
    this.origin = url.origin;
    this.expirationSeconds = options.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!(this.expirationSeconds >= 0)) throw new Error('expirationSeconds must be >= 0');
    if (!(this.requestTimeoutMs > 0)) throw new Error('requestTimeoutMs must be > 0');
  }

  async push(target: PushTarget): Promise<PushOutcome> {
    if (this.closed) return failed('provider is closed', false);
    const invalid = invalidPushTargetReason(target);
    if (invalid) return failed(invalid, false);

    let connection: Connection;
    try {
      connection = this.currentConnection();
    } catch (error) {
      // Synchronous connect failures are configuration errors (unusable cert/key/CA).
      return failed(`cannot connect to APNs: ${describeError(error)}`, false);
    }
    const body = JSON.stringify({ mdm: target.pushMagic });
    const headers: OutgoingHttpHeaders = {
      ':method': 'POST',
      ':path': `/3/device/${target.token}`,
      'apns-push-type': 'mdm',
      'apns-topic': target.topic,
      'apns-priority': '10',
      'apns-expiration': String(Math.floor(Date.now() / 1000) + this.expirationSeconds),
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    };
    let stream: ClientHttp2Stream;
    try {
      stream = connection.session.request(headers);
    } catch (error) {
      // e.g. ERR_HTTP2_INVALID_SESSION after a TLS 1.3 certificate-required alert.
      this.drop(connection, true);
      return failed(`APNs connection unusable: ${describeError(error)}`, true);
    }
    return this.exchange(connection, stream, body);
  }

  async close(): Promise<void> {
    this.closed = true;
    const connections = [...this.draining, ...(this.connection ? [this.connection] : [])];
    this.connection = undefined;
    this.draining.clear();
    // Closing while a stream is still queued would refuse it, so let in-flight pushes finish first
    // (each is bounded by requestTimeoutMs).
    await Promise.all(
      connections.map(async (connection) => {
        if (connection.active > 0) await new Promise<void>((resolve) => connection.onIdle.push(resolve));
        await closeGracefully(connection.session, this.requestTimeoutMs);
      }),
    );
  }

  private currentConnection(): Connection {
    const current = this.connection;
    if (current && !current.session.closed && !current.session.destroyed) return current;
    if (current) this.drop(current, true);

    const session = http2.connect(this.origin, {
      cert: this.options.certificatePem,
      key: this.options.privateKeyPem,
      ...(this.options.ca ? { ca: this.options.ca } : {}),
    });
    const connection: Connection = { session, active: 0, onIdle: [] };
    session.on('error', () => this.drop(connection, true)); // streams report the error themselves
    session.on('goaway', () => this.drop(connection, false)); // in-flight streams may still finish
    session.on('close', () => this.forget(connection));
    session.unref();
    this.connection = connection;
    return connection;
  }

  /** Stops using a connection for new pushes; destroys it or lets it drain. */
  private drop(connection: Connection, destroy: boolean): void {
    if (this.connection === connection) this.connection = undefined;
    if (destroy || connection.active === 0) {
      this.draining.delete(connection);
      if (!connection.session.destroyed) connection.session.destroy();
    } else {
      this.draining.add(connection);
    }
  }

  private forget(connection: Connection): void {
    if (this.connection === connection) this.connection = undefined;
    this.draining.delete(connection);
  }

  private exchange(connection: Connection, stream: ClientHttp2Stream, body: string): Promise<PushOutcome> {
    return new Promise<PushOutcome>((resolve) => {
      let status: number | undefined;
      let apnsId: string | undefined;
      let responseBody = '';
      let settled = false;

      connection.active += 1;
      connection.session.ref();
      const finish = (outcome: PushOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        connection.active -= 1;
        if (connection.active === 0) {
          if (!connection.session.destroyed) connection.session.unref();
          if (this.draining.has(connection)) this.drop(connection, true);
          for (const notify of connection.onIdle.splice(0)) notify();
        }
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        finish(failed(`APNs did not answer within ${this.requestTimeoutMs} ms`, true));
        this.drop(connection, true); // a silent connection (e.g. after sleep) is dead
      }, this.requestTimeoutMs);

      stream.setEncoding('utf8');
      stream.on('response', (headers) => {
        status = Number(headers[':status']);
        apnsId = singleHeader(headers['apns-id']);
      });
      stream.on('data', (chunk: string) => {
        responseBody += chunk;
      });
      stream.on('end', () => {
        if (status !== undefined) finish(outcomeFromApnsResponse(status, responseBody, apnsId));
        else finish(failed('APNs ended the stream without a response (connection lost, or the client certificate was refused)', true));
      });
      stream.on('error', (error) => finish(failed(`APNs transport error: ${describeError(error)}`, true)));
      stream.on('close', () => {
        finish(failed(`APNs closed the stream without a response (HTTP/2 code ${stream.rstCode})`, true));
      });
      stream.end(body);
    });
  }
}

/**
 * session.close(), ref'd so the GOAWAY is written before an idle process exits, with a deadline
 * because a session broken by a TLS alert may never emit 'close'.
 */
function closeGracefully(session: ClientHttp2Session, timeoutMs: number): Promise<void> {
  if (session.destroyed) return Promise.resolve();
  session.ref();
  return new Promise<void>((resolve) => {
    const deadline = setTimeout(() => {
      session.destroy();
      resolve();
    }, timeoutMs);
    session.once('close', () => {
      clearTimeout(deadline);
      resolve();
    });
    if (!session.closed) session.close();
  });
}
