import type { PushStatus } from '../../../../../contract/enrollment-models';

export type PushState = 'missing' | 'valid' | 'expires-soon' | 'expired' | 'refused';

/** One word for the push certificate's state, for badges on this page and the overview. */
export function pushState(push: PushStatus): PushState {
  if (!push.configured) return 'missing';
  if (push.expired) return 'expired';
  if (push.blocked) return 'refused';
  if (push.expiresSoon) return 'expires-soon';
  return 'valid';
}

export const pushStateLabels: Record<PushState, string> = {
  missing: 'Not imported',
  valid: 'Valid',
  'expires-soon': 'Expires soon',
  expired: 'Expired',
  refused: 'Refused by Apple',
};

export const pushStateTones: Record<PushState, string> = { missing: 'warning', valid: 'ok', 'expires-soon': 'warning', expired: 'error', refused: 'error' };
