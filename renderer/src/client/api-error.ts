import { ApiError, ApiErrorBody, type ApiErrorCode } from '../../../contract/errors';

/** Turns whatever a transport reported into an ApiError, trusting only a well-formed error body. */
export function apiErrorFrom(body: unknown, fallback: { code: ApiErrorCode; message: string }): ApiError {
  const parsed = ApiErrorBody.safeParse(body);
  return parsed.success ? ApiError.fromBody(parsed.data) : new ApiError(fallback.code, fallback.message);
}

/** The error code for an HTTP status whose body did not name one. */
export function codeForStatus(status: number): ApiErrorCode {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 400 && status < 500) return 'bad_request';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'internal';
}
