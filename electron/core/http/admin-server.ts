import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, type ApiErrorCode } from '../../../contract/errors';
import type { ServerStatus } from '../../../contract/models';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import { EventStream } from './event-stream';
import { BodyTooLargeError, readBody } from './read-body';
import { RouteTable } from './route-table';
import { serveStatic } from './static-files';

export interface AdminServerOptions {
  port: number;
  bind: string;
  token: string;
  version: string;
  /** Folder of the built renderer; the UI is served from it. */
  rendererDir?: string;
  maxBodyBytes?: number;
}

/**
 * What the admin server needs of the core: something that runs a contract
 * call by name, validating its input (the core's ApiDispatcher). Declared
 * here so http/ does not depend on the layers above it.
 */
export interface CallDispatcher {
  dispatch(name: string, input: unknown, origin: 'admin-api'): Promise<unknown>;
}

const statusForCode: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/**
 * The headless transport: the contract's calls as a JSON HTTP API under
 * /api (Bearer token), the live event stream at /api/events, and the
 * renderer for a browser. /api/health answers without a token.
 */
export class AdminServer {
  private readonly routes = new RouteTable();
  private server: Server | null = null;
  private stream: EventStream | null = null;
  private state: ServerStatus = { name: 'admin', state: 'stopped' };
  private readonly tokenDigest: Buffer;
  private stopping = false;

  constructor(
    private readonly options: AdminServerOptions,
    private readonly dispatcher: CallDispatcher,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {
    this.tokenDigest = digest(options.token);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    const host = this.options.bind.includes(':') ? `[${this.options.bind}]` : this.options.bind;
    const shown = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
    return `http://${shown}:${address?.port ?? this.options.port}`;
  }

  status(): ServerStatus {
    return { ...this.state };
  }

  async start(): Promise<void> {
    this.state = { name: 'admin', state: 'starting' };
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        this.logger.error(`admin request failed: ${(error as Error).stack ?? error}`);
        if (!response.headersSent) sendError(response, new ApiError('internal', 'internal error'));
        else response.destroy();
      });
    });
    server.keepAliveTimeout = 5_000;
    this.stream = new EventStream(this.events);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.bind, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: Error) => {
      this.state = { name: 'admin', state: 'failed', error: error.message };
      this.stream?.close();
      throw new Error(`the admin API could not listen on ${this.options.bind}:${this.options.port}: ${error.message}`);
    });
    this.server = server;
    this.state = { name: 'admin', state: 'running', url: this.url };
  }

  /** Stops accepting work, lets requests in progress finish (up to 3 s), then closes every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.stopping = true;
    this.stream?.close();
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 3_000).unref();
    });
    this.state = { name: 'admin', state: 'stopped' };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.stopping) {
      // Kept-alive connections may still bring requests while stopping: refuse them and close.
      response.setHeader('connection', 'close');
      sendError(response, new ApiError('unavailable', 'Lanyard is stopping'));
      return;
    }
    const url = new URL(request.url ?? '/', 'http://admin.invalid');
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('x-frame-options', 'DENY');
    if (url.pathname === '/api/health' && request.method === 'GET') {
      sendJson(response, 200, { ok: true, version: this.options.version });
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!this.authorized(request)) {
        response.setHeader('www-authenticate', 'Bearer realm="lanyard"');
        sendError(response, new ApiError('unauthorized', 'missing or wrong admin token: send "Authorization: Bearer <token>"'));
        return;
      }
      if (url.pathname === '/api/events' && request.method === 'GET') {
        this.stream?.attach(response);
        return;
      }
      await this.handleCall(request, response, url);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendError(response, new ApiError('not_found', 'not found'));
      return;
    }
    if (!this.options.rendererDir) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No UI is served here.');
      return;
    }
    await serveStatic(this.options.rendererDir, url.pathname, response);
  }

  private async handleCall(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const match = this.routes.match(request.method ?? 'GET', url.pathname);
    if (match.kind === 'none') {
      sendError(response, new ApiError('not_found', `no such API route: ${request.method} ${url.pathname}`));
      return;
    }
    if (match.kind === 'wrong-method') {
      response.setHeader('allow', match.allowed.join(', '));
      sendJson(response, 405, { code: 'bad_request', message: `${request.method} is not allowed here; use ${match.allowed.join(' or ')}` });
      return;
    }
    let input: Record<string, unknown>;
    try {
      input = { ...(match.route.rawBody ? await this.readRawInput(request, url, match.route.rawBody.maxBytes) : await this.readInput(request, url, match.route.method)), ...match.params };
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, { code: 'bad_request', message: error.message });
        return;
      }
      sendError(response, error instanceof ApiError ? error : new ApiError('bad_request', (error as Error).message));
      return;
    }
    try {
      const output = await this.dispatcher.dispatch(match.call, input, 'admin-api');
      if (match.route.binary) {
        const { contentType, base64 } = output as { contentType: string; base64: string };
        const bytes = Buffer.from(base64, 'base64');
        response.writeHead(match.route.status ?? 200, { 'content-type': contentType, 'content-length': bytes.length, 'cache-control': 'no-store' });
        response.end(bytes);
        return;
      }
      sendJson(response, match.route.status ?? 200, output);
    } catch (error) {
      sendError(response, error instanceof ApiError ? error : new ApiError('internal', 'internal error'));
    }
  }

  /** A raw upload: the body becomes `content` (bytes), the query string the other fields. */
  private async readRawInput(request: IncomingMessage, url: URL, maxBytes: number): Promise<Record<string, unknown>> {
    const content = await readBody(request, maxBytes);
    return { ...Object.fromEntries(url.searchParams.entries()), content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength) };
  }

  private async readInput(request: IncomingMessage, url: URL, method: string): Promise<Record<string, unknown>> {
    if (method === 'GET' || method === 'DELETE') {
      return Object.fromEntries(url.searchParams.entries());
    }
    const body = await readBody(request, this.options.maxBodyBytes ?? 4 * 1024 * 1024);
    if (body.length === 0) return {};
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      throw new ApiError('bad_request', 'send the request body as JSON with "Content-Type: application/json"');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new ApiError('bad_request', `the request body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ApiError('bad_request', 'the request body must be a JSON object');
    }
    return parsed as Record<string, unknown>;
  }

  private authorized(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return false;
    return timingSafeEqual(digest(match[1]!), this.tokenDigest);
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}

function sendError(response: ServerResponse, error: ApiError): void {
  sendJson(response, statusForCode[error.code], error.toBody());
}
