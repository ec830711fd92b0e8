import { DeviceErrors, errorItem, type CommandOutcome } from './error-chain';

export type ScriptedStatus = 'NotNow' | 'Error' | 'CommandFormatError';

interface Entry {
  requestType: string;
  status: ScriptedStatus;
  remaining: number;
}

/** Test scripting: the next N commands of a RequestType (or any, with '*') get a fixed status instead of running. */
export class CommandScript {
  private readonly entries: Entry[] = [];

  answerNext(requestType: string, status: ScriptedStatus, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error('times must be a positive integer');
    this.entries.push({ requestType, status, remaining: times });
  }

  /** The scripted outcome for this command, consuming one use, or undefined to run it for real. */
  take(requestType: string): CommandOutcome | undefined {
    const entry = this.entries.find((e) => e.remaining > 0 && (e.requestType === '*' || e.requestType === requestType));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.entries.splice(this.entries.indexOf(entry), 1);
    if (entry.status === 'NotNow') return { status: 'NotNow', response: {} };
    if (entry.status === 'Error') return { status: 'Error', response: { ErrorChain: [DeviceErrors.scripted(requestType)] } };
    return { status: 'CommandFormatError', response: { ErrorChain: [errorItem(12001, 'MCMDMErrorDomain', `${requestType} is malformed (scripted by the test).`)] } };
  }

  get pending(): number {
    return this.entries.reduce((sum, e) => sum + e.remaining, 0);
  }
}
