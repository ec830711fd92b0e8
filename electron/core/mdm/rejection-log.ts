import type { ActivityLog } from '../activity/activity-log';
import type { Logger } from '../logger';

/**
 * Records why a device request was refused: always in the operational log,
 * and in the activity log at most once a minute per reason and device, so a
 * misbehaving device cannot flood the admin's log.
 */
export class RejectionLog {
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly activity: ActivityLog,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async record(source: string, status: number, reason: string): Promise<void> {
    this.logger.warn(`device request from ${source} refused with ${status}: ${reason}`);
    const key = `${source}|${reason}`;
    const at = this.now();
    const previous = this.lastLogged.get(key);
    if (previous !== undefined && at - previous < 60_000) return;
    this.lastLogged.set(key, at);
    if (this.lastLogged.size > 10_000) this.lastLogged.clear();
    await this.activity.record({ actor: 'device', action: 'Device request refused', outcome: 'error', message: `Request from ${source} refused (${status}): ${reason}` }).catch(() => undefined);
  }
}
