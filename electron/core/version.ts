/** Replaced at build time by electron-vite's `define`; tests read package.json. */
declare const __LANYARD_VERSION__: string | undefined;

export const lanyardVersion: string = typeof __LANYARD_VERSION__ === 'string' ? __LANYARD_VERSION__ : '0.0.0-dev';
