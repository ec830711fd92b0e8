import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { reencodableName, utf8Attribute } from './distinguished-name';
import { pemToDer } from './pem';
import { ipAddressBytes } from './ip-address';
import { nativeRsaSigningKey } from './native-rsa-key';

export interface CertKeyPem {
  certificatePem: string;
  privateKeyPem: string;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

const DAY_MS = 86_400_000;
const CLOCK_SKEW_MS = 5 * 60_000;
const RSA_BITS = 2048;

export function createOfficeCa(options: { organization: string; commonName?: string; validityYears?: number }): CertKeyPem {
  const keys = newRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerialHex();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now + (options.validityYears ?? 20) * 365 * DAY_MS);
  const name = [
    utf8Attribute('organizationName', options.organization),
    utf8Attribute('commonName', options.commonName ?? `${options.organization} Root CA`),
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certificatePem: certificateToPem(cert), privateKeyPem: lf(forge.pki.privateKeyToPem(keys.privateKey)) };
}

export function issueTlsServerCertificate(ca: CertKeyPem, options: { hosts: string[]; validityDays?: number }): CertKeyPem {
  const hosts = [...new Set([...options.hosts.map((host) => host.trim()).filter(Boolean), 'localhost', '127.0.0.1'])];
  const altNames = hosts.map((host) => {
    const ip = ipAddressBytes(host);
    return ip ? { type: 7, value: ip } : { type: 2, value: host };
  });
  return issueWithNewKey(ca, {
    subject: [utf8Attribute('commonName', hosts[0] ?? 'localhost')],
    validityDays: options.validityDays ?? 397,
    extensions: [
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
}

/** No serverAuth EKU: S/MIME-style purposes let `openssl cms -verify` accept it without `-purpose any`. */
export function issueProfileSigningCertificate(ca: CertKeyPem, options: { organization: string; validityDays: number }): CertKeyPem {
  return issueWithNewKey(ca, {
    subject: [utf8Attribute('organizationName', options.organization), utf8Attribute('commonName', `${options.organization} Profile Signing`)],
    validityDays: options.validityDays,
    extensions: [
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', emailProtection: true, codeSigning: true },
    ],
  });
}

/** Issues a device identity certificate for a SCEP-enrolled key; subject attributes come from the CSR. */
export function issueDeviceCertificate(
  ca: CertKeyPem,
  options: { publicKey: forge.pki.PublicKey; subject: forge.pki.CertificateField[]; validityDays: number },
): forge.pki.Certificate {
  return issueCertificate(ca, {
    publicKey: options.publicKey,
    subject: reencodableName(options.subject),
    validityDays: options.validityDays,
    extensions: [
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
}

/** SHA-256 of the DER certificate, lower-case hex without separators: what an agent's invitation link pins. */
export function caSha256Hex(certPem: string): string {
  return createHash('sha256').update(pemToDer(certPem)).digest('hex');
}

export function sha256Fingerprint(certPem: string): string {
  const hex = createHash('sha256').update(pemToDer(certPem)).digest('hex').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

/** Works for any key type (node's X509 parser), e.g. for certificates uploaded by the user. */
export function certificateSummary(certPem: string): CertificateSummary {
  const x509 = new X509Certificate(certPem);
  return {
    subject: x509.subject.split('\n').join(', '),
    issuer: x509.issuer.split('\n').join(', '),
    serialNumber: x509.serialNumber.toUpperCase(),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    sha256: x509.fingerprint256,
  };
}

export function keyMatchesCertificate(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

interface IssueOptions {
  subject: forge.pki.CertificateField[];
  validityDays: number;
  extensions: object[];
}

function issueWithNewKey(ca: CertKeyPem, options: IssueOptions): CertKeyPem {
  const keys = newRsaKeyPair();
  const cert = issueCertificate(ca, { ...options, publicKey: keys.publicKey });
  return { certificatePem: certificateToPem(cert), privateKeyPem: lf(forge.pki.privateKeyToPem(keys.privateKey)) };
}

function issueCertificate(ca: CertKeyPem, options: IssueOptions & { publicKey: forge.pki.PublicKey }): forge.pki.Certificate {
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const caKey = nativeRsaSigningKey(ca.privateKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = options.publicKey;
  cert.serialNumber = randomSerialHex();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  const notAfter = now + options.validityDays * DAY_MS;
  cert.validity.notAfter = new Date(Math.min(notAfter, caCert.validity.notAfter.getTime()));
  cert.setSubject(options.subject);
  cert.setIssuer(reencodableName(caCert.subject.attributes));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    ...options.extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: subjectKeyIdentifierBytes(caCert) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return cert;
}

/** PEM with "\n" line ends (forge emits "\r\n"). */
export function certificateToPem(cert: forge.pki.Certificate): string {
  return lf(forge.pki.certificateToPem(cert));
}

function lf(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}

function subjectKeyIdentifierBytes(cert: forge.pki.Certificate): string {
  const extension = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | undefined;
  if (extension?.subjectKeyIdentifier) return forge.util.hexToBytes(extension.subjectKeyIdentifier);
  return cert.generateSubjectKeyIdentifier().getBytes();
}

function newRsaKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: RSA_BITS, publicExponent: 0x10001 });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/** 16 random bytes, top bit clear and second bit set: positive and minimally DER-encoded. */
function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}
