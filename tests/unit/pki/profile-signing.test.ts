import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOfficeCa, issueProfileSigningCertificate, sha256Fingerprint, type CertKeyPem } from '../../../electron/core/pki/certificates';
import { signCms, verifyAttachedCms, verifyDetachedCms } from '../../../electron/core/pki/profile-signing';
import { reencodableName } from '../../../electron/core/pki/distinguished-name';
import { parseSignedData } from '../../../electron/core/pki/pkijs-engine';

const CONTENT = Buffer.concat([
  Buffer.from('<?xml version="1.0"?><plist><string>Café Ünïcode ✓ 日本</string></plist>', 'utf8'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);

function flipByteAt(buffer: Buffer, index: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

function detachedSignature(content: Buffer, signer: CertKeyPem): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  const certificate = forge.pki.certificateFromPem(signer.certificatePem);
  p7.addCertificate(certificate);
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(signer.privateKeyPem),
    issuer: reencodableName(certificate.issuer.attributes),
    serialNumber: certificate.serialNumber,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest },
    ],
  } as unknown as Parameters<typeof p7.addSigner>[0]);
  p7.sign({ detached: true });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

describe('profile signing (CMS)', () => {
  let ca: CertKeyPem;
  let signer: CertKeyPem;
  beforeAll(() => {
    ca = createOfficeCa({ organization: 'Café Ünïcode ✓' });
    signer = issueProfileSigningCertificate(ca, { organization: 'Café Ünïcode ✓', validityDays: 365 });
  });

  it('round-trips attached content byte for byte, including non-ASCII', async () => {
    const der = signCms(CONTENT, signer, [ca.certificatePem]);
    const { content, signerCertificatePem } = await verifyAttachedCms(der, ca.certificatePem);
    expect(content.equals(CONTENT)).toBe(true);
    expect(sha256Fingerprint(signerCertificatePem)).toBe(sha256Fingerprint(signer.certificatePem));
  });

  it('embeds the signer and the extra certificates, SHA-256 and the signed attributes', () => {
    const signedData = parseSignedData(signCms(CONTENT, signer, [ca.certificatePem]));
    expect(signedData.certificates).toHaveLength(2);
    expect(signedData.digestAlgorithms.map((a) => a.algorithmId)).toEqual(['2.16.840.1.101.3.4.2.1']);
    const attributeTypes = signedData.signerInfos[0]?.signedAttrs?.attributes.map((a) => a.type);
    expect(attributeTypes).toEqual(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.5', '1.2.840.113549.1.9.4']);
  });

  it('rejects tampered content', async () => {
    const der = signCms(CONTENT, signer, []);
    const tampered = flipByteAt(der, der.indexOf(Buffer.from('Caf')) + 1);
    await expect(verifyAttachedCms(tampered, ca.certificatePem)).rejects.toThrow(/CMS verification failed/);
  });

  it('rejects a tampered signature', async () => {
    const der = signCms(CONTENT, signer, []);
    await expect(verifyAttachedCms(flipByteAt(der, der.length - 10), ca.certificatePem)).rejects.toThrow(/CMS verification failed/);
  });

  it('rejects a signer that does not chain to the trusted CA', async () => {
    const otherCa = createOfficeCa({ organization: 'Other' });
    await expect(verifyAttachedCms(signCms(CONTENT, signer, []), otherCa.certificatePem)).rejects.toThrow(/does not chain/);
    const selfIssued = issueProfileSigningCertificate(otherCa, { organization: 'Other', validityDays: 10 });
    await expect(verifyAttachedCms(signCms(CONTENT, selfIssued, [otherCa.certificatePem]), ca.certificatePem)).rejects.toThrow(/does not chain/);
  });

  it('rejects garbage with a clear error', async () => {
    await expect(verifyAttachedCms(Buffer.from('hello'), ca.certificatePem)).rejects.toThrow(/not a CMS SignedData/);
    await expect(verifyDetachedCms(Buffer.alloc(0), CONTENT)).rejects.toThrow(/not a CMS SignedData/);
  });

  it('verifies a detached signature over the exact body and rejects any other body', async () => {
    const signature = detachedSignature(CONTENT, signer);
    const { signerCertificatePem } = await verifyDetachedCms(signature, CONTENT);
    expect(sha256Fingerprint(signerCertificatePem)).toBe(sha256Fingerprint(signer.certificatePem));
    await expect(verifyDetachedCms(signature, flipByteAt(CONTENT, 5))).rejects.toThrow(/CMS verification failed/);
    await expect(verifyDetachedCms(signature, CONTENT.subarray(1))).rejects.toThrow(/CMS verification failed/);
  });

  it('does not let an attached signature over other content pass as a detached one', async () => {
    const attached = signCms(Buffer.from('something else'), signer, []);
    await expect(verifyDetachedCms(attached, CONTENT)).rejects.toThrow(/differs from the signed body/);
    await expect(verifyDetachedCms(attached, Buffer.from('something else'))).resolves.toBeDefined();
  });
});
