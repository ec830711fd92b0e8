import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How a call is exposed on the admin HTTP API. Path parameters (":id") are merged into the input. */
export interface HttpRoute {
  method: HttpMethod;
  path: `/api/${string}`;
  /** Success status; 200 when omitted. */
  status?: number;
  /** The output is `{ contentType, base64 }` and is sent as raw bytes. */
  binary?: boolean;
  /**
   * The request body is the raw bytes of the input's `content` field (any
   * content type); the other fields go in the query string. Over IPC,
   * `content` is a Uint8Array like any other field.
   */
  rawBody?: { maxBytes: number };
}

export interface CallDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  http: HttpRoute;
  /** Admin actions are written to the activity log with this summary. Reads are not. */
  audit?: string;
}

export function defineCall<I extends z.ZodType, O extends z.ZodType>(definition: CallDefinition<I, O>): CallDefinition<I, O> {
  return definition;
}
