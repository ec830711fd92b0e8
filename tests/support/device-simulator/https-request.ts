import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type Agent } from 'node:https';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequestOptions {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** CA certificates (PEM) trusted for the server's TLS certificate; nothing else is trusted. */
  ca?: string[];
  /** TLS client certificate and key (PEM), for mutual TLS. */
  clientCertificate?: { certificatePem: string; privateKeyPem: string };
  agent?: Agent;
  timeoutMs?: number;
}

/** One HTTP(S) exchange, buffering the whole response. */
export function sendHttpRequest(url: string, options: HttpRequestOptions): Promise<HttpResult> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const tls = secure
    ? {
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.clientCertificate ? { cert: options.clientCertificate.certificatePem, key: options.clientCertificate.privateKeyPem } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
      }
    : {};
  const headers = { ...(options.headers ?? {}), ...(options.body ? { 'Content-Length': String(options.body.length) } : {}) };
  return new Promise((resolve, reject) => {
    const req = send(target, { method: options.method, headers, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`${options.method} ${url} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
