// How `npm start` runs Lanyard: the desktop app needs the Electron binary and,
// on Linux, a display; otherwise the headless server, with one line saying why.

/** @returns {{ mode: 'desktop' } | { mode: 'headless', reason: string }} */
export function chooseStartMode({ electronBinary, platform, env }) {
  if (!electronBinary) {
    return { mode: 'headless', reason: 'Electron binary not installed here: running the headless server instead (open the admin URL below in a browser).' };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { mode: 'headless', reason: 'No display here (DISPLAY and WAYLAND_DISPLAY are unset): running the headless server instead (open the admin URL below in a browser).' };
  }
  return { mode: 'desktop' };
}
