import { createHash, verify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { children, readElement, type DerElement } from './der';

const messageDigestOid = '1.2.840.113549.1.9.4';
const digestNames: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * Verifies a detached CMS signature (Apple's Mdm-Signature) over `content`
 * with a small DER walk and Node's native crypto: the signed attributes'
 * message digest must be the content's digest, and the signature over those
 * attributes must verify with the included signer certificate. Every device
 * request goes through here, so it avoids a full CMS object model.
 */
export function verifyDetachedSignature(signatureDer: Buffer, content: Buffer, parseCertificate: (der: Buffer) => X509Certificate = (der) => new X509Certificate(der)): { signerCertificate: X509Certificate } {
  let signer: SignerParts;
  try {
    signer = readSigner(signatureDer, parseCertificate);
  } catch (error) {
    throw new Error(`not a CMS SignedData (${(error as Error).message})`);
  }
  const digestName = digestNames[signer.digestOid];
  if (!digestName) throw new Error(`unsupported digest algorithm ${signer.digestOid}`);
  if (!signer.messageDigest || !signer.messageDigest.equals(createHash(digestName).update(content).digest())) {
    throw new Error('the signed digest does not match the body');
  }
  // The signature covers the attributes encoded as a SET, not with their [0] IMPLICIT tag.
  const signedBytes = Buffer.concat([Buffer.from([0x31]), signer.signedAttributes.subarray(1)]);
  if (!verify(digestName, signedBytes, signer.certificate.publicKey, signer.signature)) throw new Error('bad signature');
  return { signerCertificate: signer.certificate };
}

interface SignerParts {
  certificate: X509Certificate;
  digestOid: string;
  signedAttributes: Buffer;
  messageDigest: Buffer | null;
  signature: Buffer;
}

function readSigner(der: Buffer, parseCertificate: (der: Buffer) => X509Certificate): SignerParts {
  const contentInfo = children(readElement(der).content);
  const explicitContent = contentInfo[1];
  if (oidOf(contentInfo[0]) !== '1.2.840.113549.1.7.2' || explicitContent?.tag !== 0xa0) throw new Error('not SignedData');
  const fields = children(children(explicitContent.content)[0]!.content);
  const certificates = fields.find((f) => f.tag === 0xa0);
  const signerInfos = fields.at(-1);
  if (!certificates || signerInfos?.tag !== 0x31) throw new Error('no certificates or signer');
  const infos = children(signerInfos.content);
  if (infos.length !== 1) throw new Error('expected exactly one signer');
  const [, sid, digestAlgorithm, signedAttributes, , signature] = children(infos[0]!.content);
  if (signedAttributes?.tag !== 0xa0 || signature?.tag !== 0x04 || !digestAlgorithm || !sid) throw new Error('the signer has no signed attributes');
  return {
    certificate: matchingCertificate(children(certificates.content), sid, parseCertificate),
    digestOid: oidOf(children(digestAlgorithm.content)[0]),
    signedAttributes: signedAttributes.raw,
    messageDigest: messageDigestOf(children(signedAttributes.content)),
    signature: signature.content,
  };
}

function matchingCertificate(certificates: DerElement[], sid: DerElement, parseCertificate: (der: Buffer) => X509Certificate): X509Certificate {
  const serial = sid.tag === 0x30 ? children(sid.content)[1]?.content : undefined;
  for (const candidate of certificates) {
    const certificate = parseCertificate(candidate.raw);
    if (!serial || BigInt(`0x${certificate.serialNumber}`) === BigInt(`0x${serial.toString('hex') || '0'}`)) return certificate;
  }
  throw new Error('the signer certificate is not included');
}

function messageDigestOf(attributes: DerElement[]): Buffer | null {
  for (const attribute of attributes) {
    const [type, values] = children(attribute.content);
    if (oidOf(type) === messageDigestOid && values) return children(values.content)[0]?.content ?? null;
  }
  return null;
}

function oidOf(element: DerElement | undefined): string {
  if (element?.tag !== 0x06) throw new Error('expected an object identifier');
  return forge.asn1.derToOid(forge.util.createBuffer(element.content.toString('binary')));
}
