// Test PKI for APNs tests, made with node-forge: a CA, a TLS server certificate
// for 127.0.0.1/localhost, and MDM push client certificates (subject UID
// com.apple.mgmt.External.<uuid>) plus a legacy 3DES .p12 of the client identity.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import forge from 'node-forge';

const UID_OID = '0.9.2342.19200300.100.1.1';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TestKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface TestIdentity {
  certificatePem: string;
  privateKeyPem: string;
}

export interface ClientCertificateOptions {
  /** Subject UID; `null` leaves it out (a non-MDM certificate). Default: a fresh com.apple.mgmt.External.<uuid>. */
  uid?: string | null;
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Sign with the test CA (default) or self-sign (a certificate the server does not trust). */
  signer?: 'ca' | 'self';
  /** Reuse an existing key pair instead of generating one. */
  keys?: TestKeyPair;
}

export interface TestPushPki {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** The default client push identity trusted by the test server. */
  client: TestIdentity & { topic: string; p12Base64: string; p12Password: string };
  issueClientCertificate(options?: ClientCertificateOptions): TestIdentity & { topic: string | undefined };
  newKeyPair(): TestKeyPair;
}

export function newTestKeyPair(): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

let serial = 1;
function nextSerial(): string {
  serial += 1;
  return (0x10000 + serial).toString(16);
}

interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  keys: TestKeyPair;
  issuer?: { cert: forge.pki.Certificate; keyPem: string };
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
}

function makeCertificate(spec: CertificateSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.keys.publicKeyPem);
  cert.serialNumber = nextSerial();
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : spec.subject);
  cert.setExtensions(spec.extensions);
  const signingKeyPem = spec.issuer ? spec.issuer.keyPem : spec.keys.privateKeyPem;
  cert.sign(forge.pki.privateKeyFromPem(signingKeyPem), forge.md.sha256.create());
  return cert;
}

export function legacyP12Base64(identity: TestIdentity, password: string): string {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(identity.privateKeyPem),
    [forge.pki.certificateFromPem(identity.certificatePem)],
    password,
    { algorithm: '3des', friendlyName: 'MDM push' },
  );
  return forge.util.encode64(forge.asn1.toDer(asn1).getBytes());
}

export function createTestPushPki(): TestPushPki {
  const now = Date.now();
  const notBefore = new Date(now - DAY_MS);
  const notAfter = new Date(now + 365 * DAY_MS);

  const caKeys = newTestKeyPair();
  const caCert = makeCertificate({
    subject: [{ name: 'commonName', value: 'Lanyard Test APNs CA' }],
    keys: caKeys,
    notBefore,
    notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const ca = { cert: caCert, keyPem: caKeys.privateKeyPem };

  const serverKeys = newTestKeyPair();
  const serverCert = makeCertificate({
    subject: [{ name: 'commonName', value: 'localhost' }],
    keys: serverKeys,
    issuer: ca,
    notBefore,
    notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });

  const issueClientCertificate = (options: ClientCertificateOptions = {}) => {
    const uid = options.uid === undefined ? `com.apple.mgmt.External.${randomUUID()}` : options.uid;
    const keys = options.keys ?? newTestKeyPair();
    const subject: forge.pki.CertificateField[] = [];
    // Apple encodes the UID as UTF8String (forge's typings call the tag a "Class").
    const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
    if (uid !== null) subject.push({ type: UID_OID, value: uid, valueTagClass: utf8 });
    subject.push({ name: 'commonName', value: options.commonName ?? `APSP:${randomUUID()}` });
    subject.push({ name: 'countryName', value: 'US' });
    const cert = makeCertificate({
      subject,
      keys,
      ...(options.signer === 'self' ? {} : { issuer: ca }),
      notBefore: options.notBefore ?? notBefore,
      notAfter: options.notAfter ?? notAfter,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', clientAuth: true },
      ],
    });
    return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem: keys.privateKeyPem, topic: uid ?? undefined };
  };

  const clientIdentity = issueClientCertificate();
  const p12Password = 'test-p12-password';
  return {
    caCertPem: forge.pki.certificateToPem(caCert),
    serverCertPem: forge.pki.certificateToPem(serverCert),
    serverKeyPem: serverKeys.privateKeyPem,
    client: {
      certificatePem: clientIdentity.certificatePem,
      privateKeyPem: clientIdentity.privateKeyPem,
      topic: clientIdentity.topic as string,
      p12Base64: legacyP12Base64(clientIdentity, p12Password),
      p12Password,
    },
    issueClientCertificate,
    newKeyPair: newTestKeyPair,
  };
}
