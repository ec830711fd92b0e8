import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of scripts/, typed by its JSDoc
import { chooseStartMode } from '../../../scripts/start-mode.mjs';

/** `npm start` (scripts/start.mjs): desktop app or headless server, and why. */
describe('chooseStartMode', () => {
  it('runs headless, saying so, when the Electron binary is missing', () => {
    const choice = chooseStartMode({ electronBinary: null, platform: 'darwin', env: {} });
    expect(choice).toEqual({ mode: 'headless', reason: expect.stringContaining('Electron binary not installed') });
  });

  it('runs headless on a Linux box with no display, even with Electron installed', () => {
    const choice = chooseStartMode({ electronBinary: '/x/electron', platform: 'linux', env: {} });
    expect(choice).toEqual({ mode: 'headless', reason: expect.stringContaining('No display here') });
  });

  it('opens the desktop app on Linux with X11 or Wayland, and on macOS and Windows', () => {
    for (const [platform, env] of [
      ['linux', { DISPLAY: ':0' }],
      ['linux', { WAYLAND_DISPLAY: 'wayland-0' }],
      ['darwin', {}],
      ['win32', {}],
    ] as const) {
      expect(chooseStartMode({ electronBinary: '/x/electron', platform, env })).toEqual({ mode: 'desktop' });
    }
  });
});
