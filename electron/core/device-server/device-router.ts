import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from './respond';

export interface DeviceRequest {
  request: IncomingMessage;
  response: ServerResponse;
  /** The request URL, parsed (the host part is a placeholder). */
  url: URL;
  /** What the path pattern captured: `/^\/enroll\/([^/]+)$/` gives the token as `match[1]`. */
  match: RegExpExecArray;
  /** Came in over HTTPS. */
  secure: boolean;
}

export interface DeviceRoute {
  /** Methods it answers; any method when left out (the handler refuses the others itself). */
  methods?: readonly string[];
  /** The whole path: an exact string, or a pattern anchored with ^ and $. */
  path: string | RegExp;
  /**
   * Served over HTTPS only; over plain HTTP the path does not exist (404).
   * Only what a device may fetch before it trusts the office (the landing
   * page, the trust profile) may leave this false.
   */
  secureOnly: boolean;
  handle(device: DeviceRequest): Promise<void> | void;
}

/**
 * The device-facing routes. Each module registers its own where it is
 * composed (enrollment pages and profiles, SCEP, MDM); the first route that
 * matches the path, the method and the transport answers, anything else is a
 * 404. A handler's failure is the device server's 500, never a 401/403.
 */
export class DeviceRouter {
  private readonly routes: { route: DeviceRoute; pattern: RegExp }[] = [];

  register(route: DeviceRoute): void {
    const pattern = typeof route.path === 'string' ? exactly(route.path) : route.path;
    this.routes.push({ route, pattern });
  }

  /** The DeviceServer's request handler. */
  readonly handle = async (request: IncomingMessage, response: ServerResponse, secure: boolean): Promise<void> => {
    const url = new URL(request.url ?? '/', 'https://device.invalid');
    const method = request.method ?? 'GET';
    for (const { route, pattern } of this.routes) {
      if (route.secureOnly && !secure) continue;
      if (route.methods && !route.methods.includes(method)) continue;
      const match = pattern.exec(url.pathname);
      if (match) return route.handle({ request, response, url, match, secure });
    }
    sendText(response, 404, 'not found');
  };
}

function exactly(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')}$`);
}
