// Maps an APNs HTTP/2 response (status + JSON {"reason"}) to a PushOutcome.
import type { PushOutcome } from './push-provider';

const DEAD_TOKEN_REASONS = new Set(['BadDeviceToken', 'DeviceTokenNotForTopic', 'Unregistered', 'ExpiredToken']);

export function apnsReason(status: number, body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'reason' in parsed && typeof parsed.reason === 'string') {
      return parsed.reason;
    }
  } catch {
    // Not JSON: fall through to the status code.
  }
  return `HTTP ${status}`;
}

export function outcomeFromApnsResponse(status: number, body: string, apnsId?: string): PushOutcome {
  if (status === 200) return apnsId ? { kind: 'delivered', apnsId } : { kind: 'delivered' };
  const reason = apnsReason(status, body);
  if (status === 410 || (status === 400 && DEAD_TOKEN_REASONS.has(reason))) return { kind: 'token-dead', reason };
  if (status === 403) return { kind: 'certificate-rejected', reason };
  const retryable = status === 429 || status >= 500;
  return { kind: 'failed', reason, retryable };
}
