/**
 * A minimal SCEP client for tests: builds PKCSReq pkiMessages and opens CertRep replies.
 * It reuses the server's DER/CMS builders; interop with an independent client is covered
 * separately by the scepclient integration test.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type * as asn1js from 'asn1js';
import forge from 'node-forge';
import { pemToDer } from '../../electron/core/pki/pem';
import { certificatePem, octetStringBytes, parseSignedData } from '../../electron/core/pki/pkijs-engine';
import { MessageType, ScepOid } from '../../electron/core/pki/scep/constants';
import { octetString, printableString } from '../../electron/core/pki/der';
import { openEnvelope, sealEnvelope, type ReplyCipher } from '../../electron/core/pki/scep/envelope';
import { buildSignedData } from '../../electron/core/pki/scep/signed-data';

export interface ScepRequester {
  privateKeyPem: string;
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  /** Self-signed certificate that signs the request and receives the encrypted reply. */
  certificate: forge.pki.Certificate;
  certificateDer: Buffer;
}

export function createRequester(commonName = 'test-device'): ScepRequester {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
  certificate.setSubject([{ name: 'commonName', value: commonName }]);
  certificate.setIssuer([{ name: 'commonName', value: commonName }]);
  certificate.sign(forgeKey, forge.md.sha256.create());
  const certificateDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
  return { privateKeyPem, privateKey: forgeKey, publicKey, certificate, certificateDer };
}

export function buildCsrDer(
  requester: ScepRequester,
  options: { commonName: string; challenge?: string; breakSignature?: boolean },
): Buffer {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = requester.publicKey;
  csr.setSubject([
    { name: 'commonName', value: options.commonName },
    { name: 'organizationName', value: 'Test Devices' },
  ]);
  if (options.challenge !== undefined) csr.setAttributes([{ name: 'challengePassword', value: options.challenge }]);
  csr.sign(requester.privateKey, forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes(), 'binary');
  if (options.breakSignature) der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0xff; // last signature byte
  return der;
}

export interface PkcsReqOptions {
  requester: ScepRequester;
  caCertificatePem: string;
  csrDer: Buffer;
  transactionId: string;
  senderNonce?: Buffer;
  messageType?: string;
  cipher?: ReplyCipher;
}

export function buildPkcsReq(options: PkcsReqOptions): Buffer {
  const envelope = sealEnvelope(options.csrDer, pemToDer(options.caCertificatePem), options.cipher ?? 'aes-256-cbc');
  return buildSignedData({
    content: envelope,
    signerCertificateDer: options.requester.certificateDer,
    signerPrivateKeyPem: options.requester.privateKeyPem,
    attributes: [
      { type: ScepOid.transactionId, value: printableString(options.transactionId) },
      { type: ScepOid.messageType, value: printableString(options.messageType ?? MessageType.pkcsReq) },
      { type: ScepOid.senderNonce, value: octetString(options.senderNonce ?? randomBytes(16)) },
    ],
  });
}

export interface CertRep {
  messageType: string;
  pkiStatus: string;
  failInfo: string | undefined;
  transactionId: string;
  recipientNonce: Buffer;
  senderNonce: Buffer;
  signerCertificatePem: string;
  /** The issued certificate (SUCCESS only). */
  certificatePem: string | undefined;
}

/** Verifies a CertRep's signature and decrypts the issued certificate with the requester's key. */
export async function readCertRep(der: Buffer, requester: ScepRequester): Promise<CertRep> {
  const signedData = parseSignedData(der);
  const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true });
  if (!result.signatureVerified || !result.signerCertificate) throw new Error('CertRep signature does not verify');
  const attributes = signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const value = (type: string): asn1js.AsnType | undefined => attributes.find((a) => a.type === type)?.values[0];
  const text = (type: string): string | undefined => (value(type) as asn1js.PrintableString | undefined)?.getValue();
  const bytes = (type: string): Buffer => octetStringBytes(value(type) as asn1js.OctetString);
  const pkiStatus = text(ScepOid.pkiStatus) ?? '';
  let issued: string | undefined;
  const eContent = signedData.encapContentInfo.eContent;
  if (pkiStatus === '0' && eContent) {
    const { content } = openEnvelope(octetStringBytes(eContent), { certificate: requester.certificate, privateKey: createPrivateKey(requester.privateKeyPem) });
    const first = parseSignedData(content).certificates?.[0];
    if (first) issued = certificatePem(first as Parameters<typeof certificatePem>[0]);
  }
  return {
    messageType: text(ScepOid.messageType) ?? '',
    pkiStatus,
    failInfo: text(ScepOid.failInfo),
    transactionId: text(ScepOid.transactionId) ?? '',
    recipientNonce: bytes(ScepOid.recipientNonce),
    senderNonce: bytes(ScepOid.senderNonce),
    signerCertificatePem: certificatePem(result.signerCertificate),
    certificatePem: issued,
  };
}
