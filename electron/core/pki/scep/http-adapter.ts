import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_TYPES } from './constants';
import type { ScepResponse, ScepService } from './scep-service';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serves SCEP over plain node:http: `?operation=…` selects the operation; PKIOperation's
 * message is the raw POST body, or base64 in the `message` query parameter for GET.
 */
export async function handleScepHttp(
  service: ScepService,
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes = 256 * 1024,
): Promise<void> {
  let response: ScepResponse;
  try {
    const method = req.method;
    if (method !== 'GET' && method !== 'POST') throw new HttpError(405, 'only GET and POST are supported');
    const url = new URL(req.url ?? '/', 'http://scep.invalid');
    const operation = url.searchParams.get('operation');
    const message = method === 'POST' ? await readBody(req, maxBodyBytes) : queryMessage(url, operation);
    response = await service.handle({ method, operation, message });
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    const reason = error instanceof HttpError ? error.message : 'internal error';
    response = { status, contentType: CONTENT_TYPES.text, body: Buffer.from(`${reason}\n`) };
  }
  if (res.headersSent) return;
  res.writeHead(response.status, {
    'Content-Type': response.contentType,
    'Content-Length': response.body.length,
    ...(response.status === 405 ? { Allow: 'GET, POST' } : {}),
    ...(response.status === 413 ? { Connection: 'close' } : {}),
  });
  res.end(response.body);
}

function queryMessage(url: URL, operation: string | null): Buffer | null {
  const raw = url.searchParams.get('message');
  if (raw === null) return null;
  if (operation !== 'PKIOperation') return Buffer.from(raw, 'utf8');
  return decodeBase64Message(raw);
}

/**
 * Clients send standard or URL-safe base64, with `+` escaped as %2B or left bare
 * (which form decoding turns into a space), sometimes with line breaks.
 */
export function decodeBase64Message(raw: string): Buffer {
  const normalised = raw.replace(/ /g, '+').replace(/[\r\n\t]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalised) || normalised.replace(/=+$/, '').length % 4 === 1) {
    throw new HttpError(400, 'message is not valid base64');
  }
  return Buffer.from(normalised, 'base64');
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, 'message too large');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    if (total > maxBytes) throw new HttpError(413, 'message too large');
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
