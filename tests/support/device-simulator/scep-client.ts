import { createHash, createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { generateRsaPrivateKeyPem, identityFromPem, selfSignedIdentity, type DeviceIdentity } from './device-identity';
import type { ScepSubject } from './enrollment-profile-reader';
import { sendHttpRequest, type HttpResult } from './https-request';
import { derToPem } from './pem';
import { certificatesOf, parseCmsSignedData } from './pkijs-engine';
import { buildCsrDer, buildPkcsReq, readCertRep, type ScepCipher } from './scep-messages';

/** The CA answered the PKCSReq with pkiStatus FAILURE (or PENDING, which this client does not poll). */
export class ScepFailure extends Error {
  constructor(
    readonly pkiStatus: 'FAILURE' | 'PENDING',
    readonly failInfo: string | undefined,
  ) {
    super(`SCEP ${pkiStatus}${failInfo ? ` (failInfo ${failInfo})` : ''}`);
    this.name = 'ScepFailure';
  }
}

export interface ScepEnrollOptions {
  /** The SCEP URL from the profile; `?operation=…` is appended, as Apple's client does. */
  url: string;
  challenge?: string | undefined;
  subject?: ScepSubject;
  keySize?: number;
  keyUsage?: number;
  /** CA certificate(s) trusted for the SCEP server's TLS certificate (the office root from the profile). */
  ca?: string[];
  /** Forces the content cipher; by default AES-256 when GetCACaps lists AES, else DES3. */
  cipher?: ScepCipher;
  /** Reuses an existing key instead of generating one. */
  privateKeyPem?: string;
  timeoutMs?: number;
}

export interface ScepEnrollment {
  identity: DeviceIdentity;
  caCertificatesPem: string[];
  capabilities: string[];
  cipher: ScepCipher;
  transactionId: string;
}

/** RFC 8894 enrollment as an Apple device does it: GetCACaps, GetCACert, then PKIOperation (PKCSReq). */
export async function enrollWithScep(options: ScepEnrollOptions): Promise<ScepEnrollment> {
  const capabilities = await getCaCaps(options);
  const caCertificatesPem = await getCaCertificates(options);
  const privateKeyPem = options.privateKeyPem ?? (await generateRsaPrivateKeyPem(options.keySize ?? 2048));
  const subject = options.subject?.length ? options.subject : [[['CN', 'Simulated Device'] as [string, string]]];
  const commonName = subject.flat().find(([type]) => type.toUpperCase() === 'CN')?.[1] ?? 'Simulated Device';
  const requester = selfSignedIdentity(privateKeyPem, commonName);
  const csrDer = buildCsrDer({ privateKeyPem, subject, challenge: options.challenge, keyUsage: options.keyUsage ?? 0 });
  const transactionId = createHash('sha256').update(publicKeyDer(requester)).digest('hex'); // RFC 8894: a hash of the public key
  const senderNonce = randomBytes(16);
  const cipher = options.cipher ?? (capabilities.some((c) => c.toUpperCase() === 'AES') ? 'aes-256-cbc' : 'des-ede3-cbc');
  const message = await buildPkcsReq({ csrDer, requester, recipientCertificatePem: recipientOf(caCertificatesPem), transactionId, senderNonce, cipher });
  const usePost = capabilities.some((c) => c.toUpperCase() === 'POSTPKIOPERATION');
  const response = usePost
    ? await scepHttp(options, 'PKIOperation', { method: 'POST', body: message, headers: { 'Content-Type': 'application/x-pki-message' } })
    : await scepHttp(options, `PKIOperation&message=${encodeURIComponent(message.toString('base64'))}`, { method: 'GET' });
  if (response.status !== 200) throw new Error(`SCEP PKIOperation answered HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`);
  const reply = await readCertRep(response.body, requester);
  if (!caCertificatesPem.some((ca) => sameCertificate(ca, reply.signerCertificatePem))) throw new Error('the CertRep is not signed by the CA from GetCACert');
  if (reply.transactionId !== transactionId) throw new Error('the CertRep transactionID does not match the request');
  if (!reply.recipientNonce?.equals(senderNonce)) throw new Error('the CertRep recipientNonce does not echo our senderNonce');
  if (reply.pkiStatus !== 'SUCCESS') throw new ScepFailure(reply.pkiStatus, reply.failInfo);
  const issued = reply.issuedCertificatesPem.find((pem) => matchesKey(pem, privateKeyPem));
  if (!issued) throw new Error('the CertRep holds no certificate for our key');
  return { identity: identityFromPem(issued, privateKeyPem), caCertificatesPem, capabilities, cipher, transactionId };
}

/** GetCACaps: one capability per line; an error status means "no capabilities" (RFC 8894 section 3.5.2). */
export async function getCaCaps(options: Pick<ScepEnrollOptions, 'url' | 'ca' | 'timeoutMs'>): Promise<string[]> {
  const response = await scepHttp(options, 'GetCACaps', { method: 'GET' });
  if (response.status !== 200) return [];
  return response.body.toString('utf8').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

/** GetCACert: a single DER certificate (x-x509-ca-cert) or a certs-only SignedData (x-x509-ca-ra-cert). */
export async function getCaCertificates(options: Pick<ScepEnrollOptions, 'url' | 'ca' | 'timeoutMs'>): Promise<string[]> {
  const response = await scepHttp(options, 'GetCACert', { method: 'GET' });
  if (response.status !== 200) throw new Error(`SCEP GetCACert answered HTTP ${response.status}`);
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('x-x509-ca-ra-cert')) return certificatesOf(parseCmsSignedData(response.body));
  return [derToPem(response.body)];
}

function scepHttp(options: Pick<ScepEnrollOptions, 'url' | 'ca' | 'timeoutMs'>, operation: string, request: { method: string; body?: Buffer; headers?: Record<string, string> }): Promise<HttpResult> {
  const separator = options.url.includes('?') ? '&' : '?';
  return sendHttpRequest(`${options.url}${separator}operation=${operation}`, { ...request, ...(options.ca ? { ca: options.ca } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}

/** With an RA, the request is encrypted to the RA (the non-CA certificate); otherwise to the CA itself. */
function recipientOf(certificatesPem: string[]): string {
  const recipient = certificatesPem.find((pem) => !new X509Certificate(pem).ca) ?? certificatesPem[0];
  if (!recipient) throw new Error('GetCACert returned no certificate');
  return recipient;
}

function publicKeyDer(requester: DeviceIdentity): Buffer {
  return new X509Certificate(requester.certificatePem).publicKey.export({ type: 'spki', format: 'der' });
}

function matchesKey(certificatePem: string, privateKeyPem: string): boolean {
  try {
    return new X509Certificate(certificatePem).checkPrivateKey(createPrivateKey(privateKeyPem));
  } catch {
    return false;
  }
}

function sameCertificate(a: string, b: string): boolean {
  return new X509Certificate(a).fingerprint256 === new X509Certificate(b).fingerprint256;
}
