import type { HttpRoute } from '../../../contract/define';
import { ApiError } from '../../../contract/errors';

export interface PreparedRequest {
  method: HttpRoute['method'];
  /** Path with parameters filled in and, for GET and DELETE, the query string. */
  path: string;
  /** JSON body for the other methods; raw bytes for a route with a raw body. */
  body?: string | Uint8Array;
  contentType?: string;
}

/**
 * Maps a call's input onto its declared route: ":name" segments take the
 * matching input field, GET and DELETE send the rest as a query string, the
 * other methods as a JSON body. The server merges them back into one input.
 */
export function prepareRequest(route: HttpRoute, input: unknown): PreparedRequest {
  const rest: Record<string, unknown> = { ...((input ?? {}) as Record<string, unknown>) };
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, key: string) => {
    const value = rest[key];
    if (value === undefined || value === null || value === '') throw new ApiError('bad_request', `${key}: must not be empty`, key);
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  if (route.method === 'GET' || route.method === 'DELETE' || route.rawBody) {
    const content = route.rawBody ? rest.content : undefined;
    delete rest.content;
    if (route.rawBody && !(content instanceof Uint8Array)) throw new ApiError('bad_request', 'content: must be the file\'s bytes', 'content');
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined || value === null) continue;
      if (typeof value === 'object') throw new ApiError('bad_request', `${key}: cannot be sent in a query string`, key);
      query.append(key, String(value));
    }
    const search = query.toString();
    const target = search ? `${path}?${search}` : path;
    return content instanceof Uint8Array ? { method: route.method, path: target, body: content, contentType: 'application/octet-stream' } : { method: route.method, path: target };
  }
  return { method: route.method, path, body: JSON.stringify(rest), contentType: 'application/json' };
}
