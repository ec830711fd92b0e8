import { randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import type { DeviceIdentity } from './device-identity';
import { sendHttpRequest, type HttpResult } from './https-request';
import { signMdmMessage, type SigningIdentity } from './mdm-signature';

export type MdmChannel = 'checkin' | 'server';

/** How to sign a request: the device identity, nothing, random bytes, or another certificate and key. */
export type SignatureMode = 'valid' | 'none' | 'garbage' | { signWith: SigningIdentity };

export const CONTENT_TYPE: Record<MdmChannel, string> = {
  checkin: 'application/x-apple-aspen-mdm-checkin',
  server: 'application/x-apple-aspen-mdm',
};

export interface MdmTransportOptions {
  checkInUrl: string;
  serverUrl: string;
  /** CAs trusted for the server's TLS certificate. */
  ca: string[];
  /** SignMessage from the profile: sign with Mdm-Signature, else present the identity in mutual TLS. */
  signMessage: boolean;
  identity: () => DeviceIdentity;
  timeoutMs?: number;
}

/** The device's two MDM endpoints: PUT check-ins to CheckInURL and command-channel reports to ServerURL. */
export class MdmTransport {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly options: MdmTransportOptions) {}

  put(channel: MdmChannel, body: Buffer, request: { contentType?: string; signature?: SignatureMode } = {}): Promise<HttpResult> {
    const identity = this.options.identity();
    const signature = request.signature ?? (this.options.signMessage ? 'valid' : 'none');
    const headers: Record<string, string> = { 'Content-Type': request.contentType ?? CONTENT_TYPE[channel], 'User-Agent': 'MDM/1.0' };
    const header = signatureHeader(body, signature, identity);
    if (header) headers['Mdm-Signature'] = header;
    const url = channel === 'checkin' ? this.options.checkInUrl : this.options.serverUrl;
    return sendHttpRequest(url, {
      method: 'PUT',
      headers,
      body,
      ca: this.options.ca,
      agent: this.agent,
      ...(this.options.signMessage ? {} : { clientCertificate: identity }),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function signatureHeader(body: Buffer, mode: SignatureMode, identity: DeviceIdentity): string | undefined {
  if (mode === 'none') return undefined;
  if (mode === 'garbage') return randomBytes(256).toString('base64');
  if (mode === 'valid') return signMdmMessage(body, identity);
  return signMdmMessage(body, mode.signWith);
}
