// A real APNs look-alike for tests: HTTP/2 over mutual TLS on 127.0.0.1, which
// validates MDM pushes like APNs, records them, and can be scripted to answer
// any APNs error, stall, send GOAWAY or drop connections.
import { randomUUID } from 'node:crypto';
import http2 from 'node:http2';
import type { Http2SecureServer, IncomingHttpHeaders, ServerHttp2Session, ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TestPushPki } from './test-push-pki';

export { createTestPushPki } from './test-push-pki';
export type { TestPushPki } from './test-push-pki';

export interface ApnsErrorReply {
  status: number;
  reason: string;
}

export interface RecordedPush {
  path: string;
  token: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** Subject UID of the client (push) certificate. */
  clientTopic: string | undefined;
  at: Date;
  /** 1-based TLS connection number. */
  connection: number;
  status: number;
  reason?: string;
}

export interface ApnsTestServerOptions {
  serverCertPem: string;
  serverKeyPem: string;
  /** CA that client (push) certificates must chain to. */
  clientCaPem: string;
}

interface SessionInfo {
  connection: number;
  clientTopic: string | undefined;
  goawayAfterStream?: number;
}

const MAX_PAYLOAD_BYTES = 4096;

export class ApnsTestServer {
  /** Every request received, in order, including rejected ones. */
  readonly received: RecordedPush[] = [];
  private connections = 0;
  private sessionCount = 0;
  private readonly sessions = new Map<ServerHttp2Session, SessionInfo>();
  private readonly listeners = new Set<(push: RecordedPush) => void>();
  private readonly scriptedFailures: ApnsErrorReply[] = [];
  private readonly tokenFailures = new Map<string, ApnsErrorReply>();
  private goawayCountdown: number | undefined;
  private stallCountdown = 0;
  private readonly stalled = new Set<ServerHttp2Stream>();

  private constructor(
    private readonly server: Http2SecureServer,
    readonly url: string,
  ) {}

  static async start(options: ApnsTestServerOptions): Promise<ApnsTestServer> {
    const server = http2.createSecureServer({
      cert: options.serverCertPem,
      key: options.serverKeyPem,
      ca: options.clientCaPem,
      requestCert: true,
      rejectUnauthorized: true,
      allowHTTP1: false,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const instance = new ApnsTestServer(server, `https://127.0.0.1:${port}`);
    instance.attach();
    return instance;
  }

  /** Pushes answered 200, i.e. those a device would have received. */
  get delivered(): RecordedPush[] {
    return this.received.filter((p) => p.status === 200);
  }

  /** Number of TLS connections accepted (secureConnection events). */
  get connectionCount(): number {
    return this.connections;
  }

  /** The next n requests get this error (after path checks, before validation). */
  failNext(n: number, reply: ApnsErrorReply): void {
    for (let i = 0; i < n; i += 1) this.scriptedFailures.push(reply);
  }

  /** Every request for this token gets this error; pass undefined to clear. */
  failToken(token: string, reply: ApnsErrorReply | undefined): void {
    if (reply) this.tokenFailures.set(token.toLowerCase(), reply);
    else this.tokenFailures.delete(token.toLowerCase());
  }

  /** After answering n more requests, that connection sends GOAWAY and closes; later streams are refused. */
  goawayAfter(n: number): void {
    this.goawayCountdown = n;
  }

  /** The next n requests are never answered (to exercise client timeouts). */
  stallNext(n: number): void {
    this.stallCountdown += n;
  }

  /** Abruptly destroys every open connection. */
  destroyConnections(): void {
    for (const session of this.sessions.keys()) session.destroy();
    this.sessions.clear();
  }

  /** Listens to delivered (200) pushes; returns an unsubscribe function. */
  onPush(listener: (push: RecordedPush) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the next delivered push (arriving after this call) that matches. */
  waitForPush(predicate: (push: RecordedPush) => boolean = () => true, timeoutMs = 5000): Promise<RecordedPush> {
    return new Promise<RecordedPush>((resolve, reject) => {
      const unsubscribe = this.onPush((push) => {
        if (!predicate(push)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(push);
      });
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`No matching push within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  async close(): Promise<void> {
    this.listeners.clear();
    for (const stream of this.stalled) stream.close(http2.constants.NGHTTP2_CANCEL);
    this.destroyConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private attach(): void {
    this.server.on('secureConnection', () => {
      this.connections += 1;
    });
    this.server.on('session', (session: ServerHttp2Session) => {
      const peer = (session.socket as TLSSocket).getPeerCertificate();
      const uid: unknown = (peer.subject as unknown as Record<string, unknown> | undefined)?.UID;
      this.sessionCount += 1;
      this.sessions.set(session, { connection: this.sessionCount, clientTopic: typeof uid === 'string' ? uid : undefined });
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => undefined);
    });
    this.server.on('stream', (stream, headers) => this.onStream(stream, headers));
  }

  private onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', () => undefined);
    const info = this.sessions.get(stream.session as ServerHttp2Session);
    if (!info) {
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return;
    }
    let raw = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      raw += chunk;
    });
    stream.on('end', () => this.answer(stream, headers, raw, info));
  }

  private answer(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, raw: string, info: SessionInfo): void {
    if (info.goawayAfterStream !== undefined && (stream.id ?? 0) > info.goawayAfterStream) {
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM); // not processed, like APNs after GOAWAY
      return;
    }
    const path = String(headers[':path'] ?? '');
    const token = /^\/3\/device\/([^/?]+)$/.exec(path)?.[1] ?? '';
    const body = parseBody(raw);
    const error = this.scriptedOrValidationError(headers, path, token, raw, body, info);
    const push: RecordedPush = {
      path,
      token,
      headers: flattenHeaders(headers),
      body,
      clientTopic: info.clientTopic,
      at: new Date(),
      connection: info.connection,
      status: error ? error.status : 200,
      ...(error ? { reason: error.reason } : {}),
    };
    this.received.push(push);
    if (this.stallCountdown > 0) {
      this.stallCountdown -= 1;
      this.stalled.add(stream);
      stream.on('close', () => this.stalled.delete(stream));
      return;
    }
    this.scheduleGoaway(stream, info);
    const apnsId = String(headers['apns-id'] ?? randomUUID());
    stream.respond({ ':status': push.status, 'apns-id': apnsId, ...(error ? { 'content-type': 'application/json' } : {}) });
    stream.end(error ? JSON.stringify({ reason: error.reason, ...(error.status === 410 ? { timestamp: Date.now() } : {}) }) : undefined);
    if (!error) for (const listener of [...this.listeners]) listener(push);
  }

  private scheduleGoaway(stream: ServerHttp2Stream, info: SessionInfo): void {
    if (this.goawayCountdown === undefined) return;
    this.goawayCountdown -= 1;
    if (this.goawayCountdown > 0) return;
    this.goawayCountdown = undefined;
    const session = stream.session as ServerHttp2Session;
    info.goawayAfterStream = stream.id ?? 0;
    session.goaway(http2.constants.NGHTTP2_NO_ERROR, info.goawayAfterStream);
    stream.on('close', () => {
      if (!session.destroyed) session.close();
    });
  }

  private scriptedOrValidationError(
    headers: IncomingHttpHeaders,
    path: string,
    token: string,
    raw: string,
    body: unknown,
    info: SessionInfo,
  ): ApnsErrorReply | undefined {
    if (headers[':method'] !== 'POST') return { status: 405, reason: 'MethodNotAllowed' };
    if (!path.startsWith('/3/device/')) return { status: 404, reason: 'BadPath' };
    if (!token) return { status: 400, reason: 'MissingDeviceToken' };
    const scripted = this.scriptedFailures.shift() ?? this.tokenFailures.get(token.toLowerCase());
    if (scripted) return scripted;
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(token)) return { status: 400, reason: 'BadDeviceToken' };
    const topic = headers['apns-topic'];
    if (!topic) return { status: 400, reason: 'MissingTopic' };
    if (topic !== info.clientTopic) return { status: 400, reason: 'BadTopic' };
    if (headers['apns-push-type'] !== 'mdm') return { status: 400, reason: 'InvalidPushType' };
    const priority = headers['apns-priority'];
    if (priority !== undefined && !['1', '5', '10'].includes(String(priority))) return { status: 400, reason: 'BadPriority' };
    const expiration = headers['apns-expiration'];
    if (expiration !== undefined && !/^\d+$/.test(String(expiration))) return { status: 400, reason: 'BadExpirationDate' };
    if (raw.length === 0) return { status: 400, reason: 'PayloadEmpty' };
    if (Buffer.byteLength(raw) > MAX_PAYLOAD_BYTES) return { status: 413, reason: 'PayloadTooLarge' };
    const magic: unknown = body && typeof body === 'object' ? (body as Record<string, unknown>).mdm : undefined;
    if (typeof magic !== 'string' || magic === '') return { status: 400, reason: 'BadPayload' };
    return undefined;
  }
}

export function startApnsTestServer(pki: TestPushPki): Promise<ApnsTestServer> {
  return ApnsTestServer.start({ serverCertPem: pki.serverCertPem, serverKeyPem: pki.serverKeyPem, clientCaPem: pki.caCertPem });
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}
