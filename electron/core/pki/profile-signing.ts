import forge from 'node-forge';
import type * as pkijs from 'pkijs';
import type { CertKeyPem } from './certificates';
import { reencodableName } from './distinguished-name';
import { nativeRsaSigningKey } from './native-rsa-key';
import { bufferFromForgeBytes, forgeBytes, pemToDer, toArrayBuffer } from './pem';
import { certificateFromDer, certificatePem, octetStringBytes, parseSignedData } from './pkijs-engine';

/** CMS SignedData (DER, SHA-256, content attached) as used for signed .mobileconfig profiles. */
export function signCms(content: Buffer, signer: CertKeyPem, extraCertsPem: string[] = []): Buffer {
  const certificate = forge.pki.certificateFromPem(signer.certificatePem);
  const signedData = forge.pkcs7.createSignedData();
  signedData.content = forge.util.createBuffer(forgeBytes(content));
  signedData.addCertificate(certificate);
  for (const pem of extraCertsPem) signedData.addCertificate(pem);
  signedData.addSigner({
    key: nativeRsaSigningKey(signer.privateKeyPem),
    // Passed as issuer+serial rather than `certificate` so forge does not double-encode UTF-8 issuer names.
    issuer: reencodableName(certificate.issuer.attributes),
    serialNumber: certificate.serialNumber,
    digestAlgorithm: forge.pki.oids.sha256,
    // Listed in DER SET OF order (by encoded length here), which strict verifiers re-encode before checking.
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.signingTime, value: new Date().toISOString() },
      { type: forge.pki.oids.messageDigest },
    ],
  } as unknown as Parameters<typeof signedData.addSigner>[0]);
  signedData.sign();
  return bufferFromForgeBytes(forge.asn1.toDer(signedData.toAsn1()).getBytes());
}

/** Verifies an attached-content SignedData whose signer chains to `trustedCaPem`; returns the content. */
export async function verifyAttachedCms(der: Buffer, trustedCaPem: string): Promise<{ content: Buffer; signerCertificatePem: string }> {
  const signedData = parseCms(der);
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw new Error('CMS verification failed: no attached content');
  const trusted = certificateFromDer(pemToDer(trustedCaPem));
  const signer = await verifySoleSigner(signedData, { trustedCerts: [trusted], checkChain: true });
  return { content: octetStringBytes(eContent), signerCertificatePem: certificatePem(signer) };
}

/**
 * Verifies a detached SignedData over `content` using the signer certificate carried in the message
 * (e.g. Apple's Mdm-Signature header). Trust in that certificate is the caller's decision.
 */
export async function verifyDetachedCms(signatureDer: Buffer, content: Buffer): Promise<{ signerCertificatePem: string }> {
  const signedData = parseCms(signatureDer);
  const eContent = signedData.encapContentInfo.eContent;
  if (eContent && !octetStringBytes(eContent).equals(content)) {
    throw new Error('CMS verification failed: embedded content differs from the signed body');
  }
  const signer = await verifySoleSigner(signedData, { data: toArrayBuffer(content), checkChain: false });
  return { signerCertificatePem: certificatePem(signer) };
}

function parseCms(der: Buffer): pkijs.SignedData {
  try {
    return parseSignedData(der);
  } catch (error) {
    throw new Error(`CMS verification failed: not a CMS SignedData (${errorText(error)})`);
  }
}

async function verifySoleSigner(signedData: pkijs.SignedData, params: pkijs.SignedDataVerifyParams): Promise<pkijs.Certificate> {
  if (signedData.signerInfos.length !== 1) throw new Error('CMS verification failed: expected exactly one signer');
  let result: pkijs.SignedDataVerifyResult;
  try {
    result = await signedData.verify({ ...params, signer: 0, extendedMode: true });
  } catch (error) {
    const unchained = params.checkChain && (error as { signerCertificateVerified?: boolean }).signerCertificateVerified === false;
    const reason = unchained ? 'signer does not chain to the trusted CA' : 'bad signature';
    throw new Error(`CMS verification failed: ${reason} (${errorText(error)})`);
  }
  if (!result.signatureVerified) throw new Error(`CMS verification failed: bad signature (${result.message})`);
  if (params.checkChain && !result.signerCertificateVerified) {
    throw new Error('CMS verification failed: signer does not chain to the trusted CA');
  }
  if (!result.signerCertificate) throw new Error('CMS verification failed: signer certificate not included');
  return result.signerCertificate;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
