import type { SystemStatus } from '../../../../contract/models';
import type { Handler } from '../dispatcher';
import { networkCandidates } from '../../system/lan-addresses';

export function systemHandlers(status: () => SystemStatus): {
  'system.status': Handler<'system.status'>;
  'system.networkCandidates': Handler<'system.networkCandidates'>;
} {
  return {
    'system.status': () => status(),
    'system.networkCandidates': () => networkCandidates(),
  };
}
