import type { CommandView } from '../../../contract/command-models';

/** The first readable error of an MDM ErrorChain or an agent's detail. */
export function taskErrorText(command: CommandView): string | null {
  for (const entry of command.errorChain ?? []) {
    const text = entry.USEnglishDescription ?? entry.LocalizedDescription;
    if (typeof text === 'string' && text) {
      const code = typeof entry.ErrorCode === 'number' ? ` (${String(entry.ErrorDomain ?? 'error')} ${entry.ErrorCode})` : '';
      return `${text}${code}`;
    }
  }
  return null;
}
