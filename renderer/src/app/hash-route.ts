import { useSyncExternalStore } from 'react';

/** The page path from the address bar: "#/settings" → "/settings"; anything else → "/". */
export function currentPath(): string {
  const hash = location.hash;
  if (!hash.startsWith('#/')) return '/';
  const path = hash.slice(1).split('?')[0]!;
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashPath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string): void {
  if (currentPath() !== path) location.hash = `#${path}`;
}

/** The query after the path in the address bar: "#/devices?fleet=x" → fleet=x. */
export function currentQuery(): URLSearchParams {
  const hash = location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
}

/** Keeps a page's view (its filters) in the address, so it can be bookmarked, without adding a history entry per keystroke. */
export function replaceQuery(query: URLSearchParams): void {
  const text = query.toString();
  const hash = `#${currentPath()}${text ? `?${text}` : ''}`;
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}
