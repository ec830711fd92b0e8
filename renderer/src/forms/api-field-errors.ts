import { ApiError } from '../../../contract/errors';
import { errorText } from '../state/error-text';
import { isFieldKey, type FieldErrors } from './settings-draft';

/**
 * Splits a failed save into an error to show next to its field (when the
 * API named one the form has) and a general message for the live region.
 */
export function errorsFromCall(error: unknown): { fields: FieldErrors; message: string } {
  if (error instanceof ApiError && isFieldKey(error.field)) {
    const prefix = `${error.field}: `;
    const text = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    const sentence = errorText(new ApiError(error.code, text));
    return { fields: { [error.field]: sentence }, message: 'Please correct the highlighted field.' };
  }
  return { fields: {}, message: errorText(error) };
}
