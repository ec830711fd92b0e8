import { useState } from 'react';
import type { AgentCommandName, CommandName } from '../../../../contract/command-models';
import { useActions } from '../../state/app-context';
import { errorText } from '../../state/error-text';

export type CommandRequest = { requestType: CommandName | AgentCommandName } & Record<string, unknown>;

/** Queues commands for one device, with the busy state and the refusal (e.g. a 409 with its reason) to show next to the action. */
export function useEnqueue(deviceId: string) {
  const { enqueueCommand } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Queues them in order; stops at the first refusal. Resolves true when all were queued. */
  const send = async (requests: readonly CommandRequest[]): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      for (const request of requests) await enqueueCommand({ id: deviceId, ...request });
      return true;
    } catch (failure) {
      setError(errorText(failure));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, send, clearError: () => setError(null) };
}
