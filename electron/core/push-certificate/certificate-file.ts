// Imports and checks the Apple MDM push certificate (PEM pair or .p12, read with
// node-forge so legacy RC2/3DES and modern AES .p12 files both work), warns
// about topic changes, and makes the CSR for the Apple Push Certificates Portal.
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';

export type PushCertificateInput = { certificatePem: string; privateKeyPem: string } | { p12Base64: string; password: string };

export interface PushCertificateInfo {
  certificatePem: string;
  /** PKCS#8 PEM, unencrypted. */
  privateKeyPem: string;
  /** Subject UID (com.apple.mgmt.…): the APNs topic. */
  topic: string;
  commonName?: string;
  /** ISO timestamps. */
  notBefore: string;
  notAfter: string;
  /** Expires within 30 days. */
  expiresSoon: boolean;
}

export type PushCertificateErrorCode =
  | 'unreadable'
  | 'wrong-password'
  | 'unsupported-encryption'
  | 'missing-key'
  | 'not-mdm-push'
  | 'key-mismatch'
  | 'expired'
  | 'not-yet-valid';

export class PushCertificateError extends Error {
  override readonly name = 'PushCertificateError';
  constructor(
    readonly code: PushCertificateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const UID_OID = '0.9.2342.19200300.100.1.1';
const MDM_TOPIC_PREFIX = 'com.apple.mgmt';
const EXPIRES_SOON_MS = 30 * 24 * 60 * 60 * 1000;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

interface RawIdentity {
  certificatePems: string[];
  keys: KeyObject[];
}

export function inspectPushCertificate(input: PushCertificateInput, now: Date = new Date()): PushCertificateInfo {
  const raw = 'p12Base64' in input ? readP12(input.p12Base64, input.password) : readPem(input.certificatePem, input.privateKeyPem);
  if (raw.certificatePems.length === 0) throw new PushCertificateError('unreadable', 'No certificate found.');
  if (raw.keys.length === 0) throw new PushCertificateError('missing-key', 'No private key found for the push certificate.');

  const certificates = raw.certificatePems.map(parseCertificate);
  const mdm = certificates.filter((c) => c.topic?.startsWith(MDM_TOPIC_PREFIX));
  if (mdm.length === 0) {
    const uid = certificates[0]?.topic;
    throw new PushCertificateError(
      'not-mdm-push',
      `This is not an Apple MDM push certificate: its subject UID ${uid ? `is "${uid}"` : 'is missing'}, expected one starting with "${MDM_TOPIC_PREFIX}".`,
    );
  }
  const match = mdm
    .flatMap((certificate) => raw.keys.map((key) => ({ certificate, key })))
    .find(({ certificate, key }) => certificate.x509.checkPrivateKey(key));
  if (!match) throw new PushCertificateError('key-mismatch', 'The private key does not belong to the push certificate.');

  const { certificate, key } = match;
  if (now < certificate.notBefore) {
    throw new PushCertificateError('not-yet-valid', `The push certificate is not valid before ${certificate.notBefore.toISOString()}.`);
  }
  if (now > certificate.notAfter) {
    throw new PushCertificateError(
      'expired',
      `The push certificate expired on ${certificate.notAfter.toISOString()}; renew it in the Apple Push Certificates Portal.`,
    );
  }
  return {
    certificatePem: certificate.pem,
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    topic: certificate.topic as string,
    ...(certificate.commonName ? { commonName: certificate.commonName } : {}),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    expiresSoon: certificate.notAfter.getTime() - now.getTime() <= EXPIRES_SOON_MS,
  };
}

/** A loud warning when a newly imported certificate has a different topic, else undefined. */
export function topicChangeWarning(oldTopic: string | undefined, newTopic: string): string | undefined {
  if (!oldTopic || oldTopic === newTopic) return undefined;
  return (
    `WARNING: the new push certificate has a different topic (${newTopic}) than the current one (${oldTopic}). ` +
    'Devices enrolled with the old certificate will no longer receive pushes: EVERY device would have to re-enrol. ' +
    'To keep devices, renew the existing certificate in the Apple Push Certificates Portal instead of creating a new one.'
  );
}

/** RSA 2048 key + SHA-256 CSR for the Apple Push Certificates Portal flow. */
export function createPushCsr(subject: { commonName: string; email: string; country?: string }): { privateKeyPem: string; csrPem: string } {
  if (!subject.commonName.trim()) throw new Error('commonName is required');
  if (!/^[^\s@]+@[^\s@]+$/.test(subject.email)) throw new Error(`Not an email address: ${subject.email}`);
  if (subject.country !== undefined && !/^[A-Z]{2}$/.test(subject.country)) throw new Error('country must be a 2-letter ISO code');

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  csr.setSubject([
    { name: 'commonName', value: subject.commonName.trim() },
    { name: 'emailAddress', value: subject.email },
    ...(subject.country ? [{ name: 'countryName', value: subject.country }] : []),
  ]);
  csr.sign(forgeKey, forge.md.sha256.create());
  return { privateKeyPem, csrPem: forge.pki.certificationRequestToPem(csr) };
}

interface ParsedCertificate {
  pem: string;
  x509: X509Certificate;
  topic: string | undefined;
  commonName: string | undefined;
  notBefore: Date;
  notAfter: Date;
}

function parseCertificate(pem: string): ParsedCertificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch {
    throw new PushCertificateError('unreadable', 'The certificate could not be read (expected a PEM "CERTIFICATE").');
  }
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromPem(pem);
  } catch {
    throw new PushCertificateError('not-mdm-push', 'This is not an Apple MDM push certificate (its public key is not RSA).');
  }
  const field = (query: { type?: string; name?: string }): string | undefined => {
    const value: unknown = cert.subject.getField(query)?.value;
    return typeof value === 'string' ? value : undefined;
  };
  return {
    pem,
    x509,
    topic: field({ type: UID_OID }),
    commonName: field({ name: 'commonName' }),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
  };
}

function pemBlocks(text: string): { type: string; pem: string }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ type: m[1] ?? '', pem: `${m[0]}\n` }));
}

/** Accepts the certificate and key in either field (a combined PEM file is common). */
function readPem(certificatePem: string, privateKeyPem: string): RawIdentity {
  const blocks = [...pemBlocks(certificatePem), ...pemBlocks(privateKeyPem)];
  if (blocks.length === 0) {
    throw new PushCertificateError('unreadable', 'Not a PEM certificate/key (expected "-----BEGIN CERTIFICATE-----").');
  }
  if (blocks.some((b) => b.type === 'ENCRYPTED PRIVATE KEY')) {
    throw new PushCertificateError('unreadable', 'The private key is password-protected; import the .p12 file instead.');
  }
  const keys = blocks
    .filter((b) => b.type.endsWith('PRIVATE KEY'))
    .map((b) => {
      try {
        return createPrivateKey(b.pem);
      } catch {
        throw new PushCertificateError('unreadable', 'The private key could not be read.');
      }
    });
  return { certificatePems: blocks.filter((b) => b.type === 'CERTIFICATE').map((b) => b.pem), keys };
}

function readP12(p12Base64: string, password: string): RawIdentity {
  const compact = p12Base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new PushCertificateError('unreadable', 'Not a .p12 file (invalid base64).');
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.decode64(compact));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    throw p12Error(error);
  }
  const certificatePems: string[] = [];
  const keys: KeyObject[] = [];
  for (const bag of p12.safeContents.flatMap((contents) => contents.safeBags)) {
    const asn1 = (bag as { asn1?: forge.asn1.Asn1 }).asn1;
    if (bag.type === forge.pki.oids.certBag) {
      if (bag.cert) certificatePems.push(forge.pki.certificateToPem(bag.cert));
      else if (asn1) certificatePems.push(derToPem('CERTIFICATE', asn1));
    } else if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
      if (bag.key) keys.push(createPrivateKey(forge.pki.privateKeyToPem(bag.key)));
      else if (asn1) keys.push(createPrivateKey(derToPem('PRIVATE KEY', asn1)));
    }
  }
  return { certificatePems, keys };
}

function derToPem(type: string, asn1: forge.asn1.Asn1): string {
  return forge.pem.encode({ type, body: forge.asn1.toDer(asn1).getBytes() });
}

function p12Error(error: unknown): PushCertificateError {
  const message = error instanceof Error ? error.message : String(error);
  if (/password/i.test(message)) {
    return new PushCertificateError('wrong-password', 'Wrong password for the .p12 file.');
  }
  if (/unsupported|unknown|cannot read/i.test(message)) {
    return new PushCertificateError(
      'unsupported-encryption',
      `This .p12 uses a format Lanyard cannot read (${message}). Re-export it, or import the PEM certificate and key instead.`,
    );
  }
  return new PushCertificateError('unreadable', `Not a readable .p12 file (${message}).`);
}
