import { Menu, Tray, nativeImage } from 'electron';
import type { SystemStatus } from '../../contract/models';

/** Summary shown in the tray: are the servers running? */
export function describeServers(status: SystemStatus): string {
  const failed = status.servers.filter((s) => s.state === 'failed');
  if (failed.length) return `Lanyard: ${failed.map((s) => s.name).join(', ')} failed`;
  const wanted = status.servers.filter((s) => s.state !== 'disabled');
  const running = wanted.filter((s) => s.state === 'running');
  if (running.length === wanted.length) return wanted.length ? 'Lanyard: servers running' : 'Lanyard: ready';
  return 'Lanyard: servers stopped';
}

export class LanyardTray {
  private readonly tray: Tray;

  constructor(
    iconPath: string,
    private readonly actions: { show(): void; quit(): void },
  ) {
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    this.tray.on('click', () => actions.show());
  }

  update(status: SystemStatus): void {
    const summary = describeServers(status);
    this.tray.setToolTip(summary);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: summary, enabled: false },
        ...status.servers.map((s) => ({ label: `${s.name}: ${s.state}${s.error ? ` (${s.error})` : ''}`, enabled: false })),
        { type: 'separator' as const },
        { label: 'Open Lanyard', click: () => this.actions.show() },
        { label: 'Quit', click: () => this.actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.tray.destroy();
  }
}
