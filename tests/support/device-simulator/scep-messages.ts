import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import { fastDecryptionKey, fastSigningKey } from './native-signing-key';
import type { DeviceIdentity } from './device-identity';
import type { ScepSubject } from './enrollment-profile-reader';
import { fromForgeBytes, reencodableIssuer, toArrayBuffer, toForgeBytes } from './pem';
import { certificatesOf, octetStringBytes, parseCmsSignedData, pkijsCertificateFromDer, pkijsCertificatePem, pkijsLib } from './pkijs-engine';

/** RFC 8894 section 3.2.1 attribute OIDs. */
const OID = {
  messageType: '2.16.840.1.113733.1.9.2',
  pkiStatus: '2.16.840.1.113733.1.9.3',
  failInfo: '2.16.840.1.113733.1.9.4',
  senderNonce: '2.16.840.1.113733.1.9.5',
  recipientNonce: '2.16.840.1.113733.1.9.6',
  transactionId: '2.16.840.1.113733.1.9.7',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;

const PKCS_REQ = '19';
const CERT_REP = '3';
const STATUS_NAMES: Record<string, CertRep['pkiStatus']> = { '0': 'SUCCESS', '2': 'FAILURE', '3': 'PENDING' };
export const FAIL_INFO_NAMES: Record<string, string> = { '0': 'badAlg', '1': 'badMessageCheck', '2': 'badRequest', '3': 'badTime', '4': 'badCertId' };

export type ScepCipher = 'aes-256-cbc' | 'des-ede3-cbc';

const SHORT_NAMES: Record<string, string> = { CN: 'CN', C: 'C', O: 'O', OU: 'OU', L: 'L', ST: 'ST', E: 'E', EMAILADDRESS: 'E', SERIALNUMBER: 'serialNumber' };

export interface CsrOptions {
  privateKeyPem: string;
  subject: ScepSubject;
  challenge?: string | undefined;
  /** The profile's `Key Usage`: 1 signing, 4 encryption, 5 both, 0 unspecified. */
  keyUsage?: number;
}

/** PKCS#10 request with the profile's subject, challengePassword and key-usage extension request, signed SHA-256. */
export function buildCsrDer(options: CsrOptions): Buffer {
  const privateKey = forge.pki.privateKeyFromPem(options.privateKeyPem) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  csr.setSubject(options.subject.flat().map(([type, value]) => subjectField(type, value)));
  const attributes: forge.pki.CertificateField[] = [];
  if (options.challenge !== undefined) attributes.push({ name: 'challengePassword', value: options.challenge });
  const usage = options.keyUsage ?? 0;
  if (usage !== 0) {
    attributes.push({ name: 'extensionRequest', extensions: [{ name: 'keyUsage', critical: true, digitalSignature: (usage & 1) !== 0, keyEncipherment: (usage & 4) !== 0 }] } as forge.pki.CertificateField);
  }
  if (attributes.length > 0) csr.setAttributes(attributes);
  csr.sign(fastSigningKey(options.privateKeyPem), forge.md.sha256.create());
  return fromForgeBytes(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes());
}

function subjectField(type: string, value: string): forge.pki.CertificateField {
  const known = SHORT_NAMES[type.toUpperCase()];
  const field: forge.pki.CertificateField = known ? { shortName: known, value } : /^\d+(\.\d+)+$/.test(type) ? { type, value } : { name: type, value };
  // UTF8String for everything but countryName (PrintableString): forge would otherwise write non-ASCII into a PrintableString.
  if (known !== 'C') field.valueTagClass = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  return field;
}

export interface PkcsReqOptions {
  csrDer: Buffer;
  /** The self-signed certificate and key that sign the request and receive the reply. */
  requester: DeviceIdentity;
  /** The CA (or RA) certificate the CSR is encrypted to. */
  recipientCertificatePem: string;
  transactionId: string;
  senderNonce: Buffer;
  cipher: ScepCipher;
}

/** pkiMessage PKCSReq: SignedData(EnvelopedData(CSR)) with the SCEP authenticated attributes. */
export async function buildPkcsReq(options: PkcsReqOptions): Promise<Buffer> {
  const envelope = sealEnvelope(options.csrDer, options.recipientCertificatePem, options.cipher);
  return signPkiMessage(envelope, options.requester, [
    printable(OID.messageType, PKCS_REQ),
    printable(OID.transactionId, options.transactionId),
    octets(OID.senderNonce, options.senderNonce),
  ]);
}

/** EnvelopedData to one recipient, RSA PKCS#1 v1.5 key transport, AES-256-CBC or DES-EDE3-CBC content encryption. */
export function sealEnvelope(content: Buffer, recipientCertificatePem: string, cipher: ScepCipher): Buffer {
  const recipient = forge.pki.certificateFromPem(recipientCertificatePem);
  const envelope = forge.pkcs7.createEnvelopedData();
  envelope.addRecipient(recipient);
  const first = envelope.recipients[0];
  if (first) first.issuer = reencodableIssuer(recipient);
  envelope.content = forge.util.createBuffer(toForgeBytes(content));
  envelope.encrypt(undefined, cipher === 'aes-256-cbc' ? forge.pki.oids['aes256-CBC'] : forge.pki.oids['des-EDE3-CBC']);
  return fromForgeBytes(forge.asn1.toDer(envelope.toAsn1()).getBytes());
}

/** Decrypts an EnvelopedData addressed to `recipient`. */
export function openEnvelope(der: Buffer, recipient: DeviceIdentity): Buffer {
  const message = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(toForgeBytes(der))) as forge.pkcs7.PkcsEnvelopedData & {
    findRecipient(certificate: forge.pki.Certificate): forge.pkcs7.Recipient | null;
    decrypt(recipient: forge.pkcs7.Recipient, privateKey: forge.pki.rsa.PrivateKey): void;
    content: forge.util.ByteBuffer;
  };
  const target = message.findRecipient(recipient.certificate) ?? (message.recipients.length === 1 ? message.recipients[0] : null);
  if (!target) throw new Error('the reply is not encrypted to this requester');
  message.decrypt(target, fastDecryptionKey(recipient.privateKeyPem));
  return fromForgeBytes(message.content.getBytes());
}

async function signPkiMessage(content: Buffer, signer: DeviceIdentity, scepAttributes: InstanceType<ReturnType<typeof pkijsLib>['Attribute']>[]): Promise<Buffer> {
  const pkijs = pkijsLib();
  const certificate = pkijsCertificateFromDer(signer.certificateDer);
  const digest = createHash('sha256').update(content).digest();
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) }),
    certificates: [certificate],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
            new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: new Date() })] }),
            new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })] }),
            ...scepAttributes,
          ],
        }),
      }),
    ],
  });
  const pkcs8 = createPrivateKey(signer.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  await signedData.sign(key, 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

function printable(type: string, value: string) {
  return new (pkijsLib().Attribute)({ type, values: [new asn1js.PrintableString({ value })] });
}

function octets(type: string, value: Buffer) {
  return new (pkijsLib().Attribute)({ type, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(value) })] });
}

export interface CertRep {
  pkiStatus: 'SUCCESS' | 'FAILURE' | 'PENDING';
  /** failInfo name (badAlg, badMessageCheck, badRequest, badTime, badCertId) on FAILURE. */
  failInfo: string | undefined;
  transactionId: string;
  recipientNonce: Buffer | undefined;
  signerCertificatePem: string;
  /** Certificates from the decrypted certs-only SignedData (SUCCESS only). */
  issuedCertificatesPem: string[];
}

/** Verifies a CertRep pkiMessage's signature and, on SUCCESS, decrypts the issued certificates with the requester's key. */
export async function readCertRep(der: Buffer, requester: DeviceIdentity): Promise<CertRep> {
  const signedData = parseCmsSignedData(der);
  const eContent = signedData.encapContentInfo.eContent as asn1js.OctetString | undefined;
  // A FAILURE may omit the content altogether; its messageDigest then covers zero bytes.
  signedData.encapContentInfo.eContent ??= new asn1js.OctetString({ valueHex: new ArrayBuffer(0) });
  const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true }).catch(() => undefined);
  if (!result?.signatureVerified || !result.signerCertificate) throw new Error('the CertRep signature does not verify');
  const attributes = signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const value = (type: string) => attributes.find((a) => a.type === type)?.values[0] as asn1js.AsnType | undefined;
  const text = (type: string) => (value(type) as asn1js.PrintableString | undefined)?.valueBlock.value;
  const bytes = (type: string) => {
    const found = value(type);
    return found instanceof asn1js.OctetString ? octetStringBytes(found) : undefined;
  };
  if (text(OID.messageType) !== CERT_REP) throw new Error(`expected a CertRep (messageType 3), got ${String(text(OID.messageType))}`);
  const pkiStatus = STATUS_NAMES[text(OID.pkiStatus) ?? ''];
  if (!pkiStatus) throw new Error(`unknown pkiStatus ${String(text(OID.pkiStatus))}`);
  const failInfoCode = text(OID.failInfo);
  let issuedCertificatesPem: string[] = [];
  if (pkiStatus === 'SUCCESS') {
    if (!eContent) throw new Error('a SUCCESS CertRep carries no content');
    issuedCertificatesPem = certificatesOf(parseCmsSignedData(openEnvelope(octetStringBytes(eContent), requester)));
  }
  return {
    pkiStatus,
    failInfo: failInfoCode === undefined ? undefined : (FAIL_INFO_NAMES[failInfoCode] ?? failInfoCode),
    transactionId: text(OID.transactionId) ?? '',
    recipientNonce: bytes(OID.recipientNonce),
    signerCertificatePem: pkijsCertificatePem(result.signerCertificate),
    issuedCertificatesPem,
  };
}
