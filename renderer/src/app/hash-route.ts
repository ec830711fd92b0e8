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
