import type { HttpRoute } from '../../../contract/define';
import { ApiError } from '../../../contract/errors';
import { apiErrorFrom, codeForStatus } from './api-error';

/** The call's result from a 2xx reply; any other status becomes the ApiError its JSON body describes. */
export async function readResponse(response: Response, route: HttpRoute): Promise<unknown> {
  if (!response.ok) throw await errorFromResponse(response);
  if (route.binary) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { contentType: response.headers.get('content-type') ?? 'application/octet-stream', base64: toBase64(bytes) };
  }
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('internal', `the server sent a reply that is not JSON (HTTP ${response.status})`);
  }
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  const fallback = { code: codeForStatus(response.status), message: `the server answered HTTP ${response.status} ${response.statusText}`.trim() };
  try {
    return apiErrorFrom(JSON.parse(await response.text()), fallback);
  } catch {
    return new ApiError(fallback.code, fallback.message);
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
