import { constants, createCipheriv, publicEncrypt, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { bufferFromForgeBytes, forgeBytes } from '../pem';
import { unwrapContentKey } from '../rsa-key-transport';
import { CmsOid } from './constants';
import { algorithm, integer, issuerAndSerialNumber, octetString, oid, sequence, setOf, tlv } from '../der';
import { contentInfo } from './signed-data';

/** Content-encryption algorithms for the SCEP pkcsPKIEnvelope (CMS EnvelopedData). Names are Node cipher names. */
const CIPHERS = {
  'des-cbc': { oid: '1.3.14.3.2.7', keyLength: 8, ivLength: 8 },
  'des-ede3-cbc': { oid: '1.2.840.113549.3.7', keyLength: 24, ivLength: 8 },
  'aes-128-cbc': { oid: '2.16.840.1.101.3.4.1.2', keyLength: 16, ivLength: 16 },
  'aes-192-cbc': { oid: '2.16.840.1.101.3.4.1.22', keyLength: 24, ivLength: 16 },
  'aes-256-cbc': { oid: '2.16.840.1.101.3.4.1.42', keyLength: 32, ivLength: 16 },
} as const;

export type ContentCipher = keyof typeof CIPHERS;
/** Single DES is accepted from clients (some send it by default) but never used for replies. */
export type ReplyCipher = Exclude<ContentCipher, 'des-cbc'>;

export interface EnvelopeRecipient {
  certificate: forge.pki.Certificate;
  privateKey: KeyObject;
}

interface ForgeEnvelopedMessage {
  type: string;
  recipients: { serialNumber: string; encryptedContent: { algorithm: string; content: string } }[];
  encryptedContent: { algorithm: string; key?: forge.util.ByteBuffer };
  content?: forge.util.ByteBuffer;
  decrypt(): void;
}

/** Decrypts an EnvelopedData (RSA PKCS#1 v1.5 key transport) addressed to `recipient`. */
export function openEnvelope(der: Buffer, recipient: EnvelopeRecipient): { content: Buffer; cipher: ContentCipher } {
  const message = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(forgeBytes(der))) as unknown as ForgeEnvelopedMessage;
  if (message.type !== CmsOid.envelopedData) throw new Error('pkcsPKIEnvelope is not EnvelopedData');
  const info = message.recipients.find((candidate) => candidate.serialNumber === recipient.certificate.serialNumber);
  if (!info) throw new Error('pkcsPKIEnvelope is not encrypted to this CA');
  if (info.encryptedContent.algorithm !== CmsOid.rsaEncryption) throw new Error('unsupported key transport algorithm');
  const cipher = cipherByOid(message.encryptedContent.algorithm);
  const key = unwrapContentKey(bufferFromForgeBytes(info.encryptedContent.content), recipient.privateKey, CIPHERS[cipher].keyLength);
  message.encryptedContent.key = forge.util.createBuffer(key.toString('binary'));
  message.decrypt();
  if (!message.content) throw new Error('pkcsPKIEnvelope decryption failed');
  return { content: bufferFromForgeBytes(message.content.getBytes()), cipher };
}

/** Encrypts `content` to the holder of `recipientCertificateDer` (RSA key transport). */
export function sealEnvelope(content: Buffer, recipientCertificateDer: Buffer, cipher: ReplyCipher): Buffer {
  const spec = CIPHERS[cipher];
  const key = randomBytes(spec.keyLength);
  const iv = randomBytes(spec.ivLength);
  const encryptor = createCipheriv(cipher, key, iv);
  const encrypted = Buffer.concat([encryptor.update(content), encryptor.final()]);
  const publicKey = new X509Certificate(recipientCertificateDer).publicKey;
  const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
  const recipientInfo = sequence(
    integer(0),
    issuerAndSerialNumber(recipientCertificateDer),
    algorithm(CmsOid.rsaEncryption),
    octetString(encryptedKey),
  );
  const encryptedContentInfo = sequence(oid(CmsOid.data), algorithm(spec.oid, octetString(iv)), tlv(0x80, encrypted));
  return contentInfo(CmsOid.envelopedData, sequence(integer(0), setOf(recipientInfo), encryptedContentInfo));
}

export function replyCipherFor(requestCipher: ContentCipher): ReplyCipher {
  return requestCipher === 'des-cbc' ? 'des-ede3-cbc' : requestCipher;
}

function cipherByOid(algorithmOid: string): ContentCipher {
  const entry = Object.entries(CIPHERS).find(([, spec]) => spec.oid === algorithmOid);
  if (!entry) throw new Error(`unsupported content encryption algorithm ${algorithmOid}`);
  return entry[0] as ContentCipher;
}
