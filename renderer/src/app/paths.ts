/**
 * What pages need to know about addresses, without knowing the other pages:
 * pages import this leaf module; `routes.ts` imports the pages.
 */

/** What a page gets from its address: the ":name" segments of its path. */
export interface PageProps {
  params: Readonly<Record<string, string>>;
}

/** The path of a page with parameters, e.g. pathTo('/devices/:id', { id }) → "/devices/ab%2Fc". */
export function pathTo(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
