import { calls, type CallName } from '../../../contract/api';
import type { HttpMethod, HttpRoute } from '../../../contract/define';

interface CompiledRoute {
  call: CallName;
  route: HttpRoute;
  pattern: RegExp;
  params: string[];
}

export type RouteMatch =
  | { kind: 'call'; call: CallName; route: HttpRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'none' };

/** Maps admin API requests onto contract calls using each call's declared route. */
export class RouteTable {
  private readonly routes: CompiledRoute[] = Object.entries(calls).map(([call, definition]) => {
    const params: string[] = [];
    const source = definition.http.path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { call: call as CallName, route: definition.http, pattern: new RegExp(`^${source}$`), params };
  });

  match(method: string, path: string): RouteMatch {
    const allowed: HttpMethod[] = [];
    for (const compiled of this.routes) {
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      if (compiled.route.method !== method) {
        allowed.push(compiled.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      compiled.params.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]!);
      });
      return { kind: 'call', call: compiled.call, route: compiled.route, params };
    }
    return allowed.length ? { kind: 'wrong-method', allowed } : { kind: 'none' };
  }
}
