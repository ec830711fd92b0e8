// Circuit breaker for the push certificate: after APNs rejects the certificate
// (403 class), every push answers certificate-rejected at once, without
// contacting APNs, until reset() is called (a new push certificate was imported).
import type { PushOutcome, PushProvider, PushTarget } from './push-provider';

export interface PushHealthState {
  blocked: boolean;
  reason?: string;
  /** ISO timestamp of when pushing was blocked. */
  since?: string;
}

export interface PushHealthOptions {
  /** Called once each time the circuit blocks: alert the admin. */
  onBlocked?: (state: PushHealthState) => void;
  now?: () => Date;
}

export class PushHealthCircuit implements PushProvider {
  private blocked: { reason: string; since: string } | undefined;
  /** Bumped by reset(), so late answers from the old certificate cannot re-block. */
  private generation = 0;

  constructor(
    private inner: PushProvider,
    private readonly options: PushHealthOptions = {},
  ) {}

  async push(target: PushTarget): Promise<PushOutcome> {
    if (this.blocked) return { kind: 'certificate-rejected', reason: this.blocked.reason };
    const generation = this.generation;
    const outcome = await this.inner.push(target);
    if (outcome.kind === 'certificate-rejected' && generation === this.generation && !this.blocked) {
      this.blocked = { reason: outcome.reason, since: (this.options.now?.() ?? new Date()).toISOString() };
      this.options.onBlocked?.(this.state());
    }
    return outcome;
  }

  state(): PushHealthState {
    return this.blocked ? { blocked: true, ...this.blocked } : { blocked: false };
  }

  /** Unblocks pushing; optionally swaps in a provider using the new certificate (the old one is closed). */
  reset(replacement?: PushProvider): void {
    this.blocked = undefined;
    this.generation += 1;
    if (replacement && replacement !== this.inner) {
      const previous = this.inner;
      this.inner = replacement;
      previous.close().catch(() => undefined);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
