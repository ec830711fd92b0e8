const storageKey = 'lanyard.adminToken';

/**
 * The admin token in a browser: `npm run serve` prints a link ending in
 * `#token=...`. It is taken from the address bar once, kept in
 * localStorage for this origin, and removed from the address bar so it is
 * not left in history or on screen.
 */
export function initialAdminToken(): string | null {
  const fromAddressBar = takeTokenFromAddressBar();
  if (fromAddressBar) {
    saveAdminToken(fromAddressBar);
    return fromAddressBar;
  }
  try {
    return localStorage.getItem(storageKey) || null;
  } catch {
    return null;
  }
}

export function saveAdminToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(storageKey, token);
    else localStorage.removeItem(storageKey);
  } catch {
    // Storage can be disabled; the token then lasts until the tab closes.
  }
}

function takeTokenFromAddressBar(): string | null {
  if (!location.hash.startsWith('#token=')) return null;
  const token = new URLSearchParams(location.hash.slice(1)).get('token')?.trim() || null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token;
}
