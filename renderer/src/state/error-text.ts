import { ApiError } from '../../../contract/errors';

/** A sentence for an error from a call, fit to show to the admin. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'unavailable') return `Lanyard cannot be reached right now (${error.message}).`;
    if (error.code === 'unauthorized') return 'The admin token was not accepted.';
    return sentence(error.message);
  }
  return sentence(error instanceof Error ? error.message : String(error));
}

export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
