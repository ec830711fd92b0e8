import { request } from 'node:https';

/** A JSON POST over HTTPS that trusts exactly `caPem`. */
export function postJson(url: string, body: unknown, caPem: string, timeoutMs = 30_000): Promise<{ status: number; json: unknown }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca: caPem, timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = { error: { code: 'bad_response', message: text.slice(0, 300) } };
        }
        resolve({ status: response.statusCode ?? 0, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
