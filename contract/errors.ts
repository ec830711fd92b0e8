import { z } from 'zod';

/** Error codes shared by every transport; the HTTP bridge maps them to statuses. */
export const apiErrorCodes = ['bad_request', 'unauthorized', 'not_found', 'conflict', 'unavailable', 'internal'] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const ApiErrorBody = z.object({
  code: z.enum(apiErrorCodes),
  message: z.string(),
  field: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.field);
  }
}

/** Turns a zod failure into one readable sentence that names the field. */
export function describeValidationError(error: z.ZodError, what = 'argument'): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError('bad_request', `Invalid ${what}`);
  const field = issue.path.map(String).join('.');
  const message = field ? `${field}: ${issue.message}` : `Invalid ${what}: ${issue.message}`;
  return new ApiError('bad_request', message, field || undefined);
}
