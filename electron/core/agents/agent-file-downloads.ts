import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeviceRouter } from '../device-server/device-router';
import { sendText } from '../device-server/respond';
import type { FileLibrary } from '../files/file-library';
import type { Logger } from '../logger';
import type { AgentLoginStore } from './agent-login-store';

export interface AgentFileDownloadsOptions {
  files: FileLibrary;
  logins: AgentLoginStore;
  links: { valid(text: string, signature: string): Promise<boolean> };
  logger: Logger;
  now?: () => Date;
}

/**
 * `GET /agent/files/<fileId>?agent=…&expires=…&sig=…`: the link a DeployFile
 * task carries, signed for that file, that agent and an expiry. A link that
 * was changed or has expired, or one for an agent that is no longer
 * enrolled, gets 403. One `Range` (`bytes=a-b`, `a-` or `-n`) is honoured, so
 * an interrupted download resumes.
 */
export class AgentFileDownloads {
  constructor(private readonly options: AgentFileDownloadsOptions) {}

  register(router: DeviceRouter): void {
    router.register({ methods: ['GET', 'HEAD'], path: /^\/agent\/files\/([0-9a-f]{64})$/, secureOnly: true, handle: ({ request, response, url, match }) => this.download(match[1]!, url, request, response) });
  }

  private async download(fileId: string, url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const agent = url.searchParams.get('agent') ?? '';
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('sig') ?? '';
    const now = (this.options.now ?? (() => new Date()))().getTime() / 1000;
    if (!(await this.options.links.valid(`${fileId}|${agent}|${url.searchParams.get('expires') ?? ''}`, signature))) return sendText(response, 403, 'this download link is not valid');
    if (!Number.isFinite(expires) || expires < now) return sendText(response, 403, 'this download link has expired; the task is sent again with a new one');
    if (!this.options.logins.byAgent(agent)) return sendText(response, 403, 'this agent is no longer enrolled');
    const file = this.options.files.get(fileId);
    if (!file) return sendText(response, 404, 'this file is no longer in the library');
    const range = parseRange(request.headers.range, file.size);
    const headers: Record<string, string | number> = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream', 'cache-control': 'no-store', etag: `"${file.sha256}"` };
    if (range === 'unsatisfiable') {
      response.writeHead(416, { ...headers, 'content-range': `bytes */${file.size}` }).end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: file.size - 1 };
    const length = Math.max(0, end - start + 1);
    response.writeHead(range ? 206 : 200, { ...headers, 'content-length': length, ...(range ? { 'content-range': `bytes ${start}-${end}/${file.size}` } : {}) });
    if (request.method === 'HEAD' || length === 0) {
      response.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(this.options.files.pathOf(file), { start, end });
      stream.on('error', (error) => {
        this.options.logger.error(`file download ${file.name}: ${error.message}`);
        response.destroy(error);
        resolve();
      });
      response.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(response);
    });
  }
}

/** One byte range of a file of `size` bytes; null when none was asked for (or the header is not one we read: the whole file). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
