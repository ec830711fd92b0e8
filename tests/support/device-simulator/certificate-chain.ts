import { X509Certificate } from 'node:crypto';

const MAX_DEPTH = 6;

/**
 * True when `leafPem` is one of the anchors or chains up to one through the given
 * intermediates (signatures and validity dates checked; anchors are trusted as is).
 */
export function chainsToAnchor(leafPem: string, intermediatesPem: string[], anchorsPem: string[], at = new Date()): boolean {
  const anchors = anchorsPem.map((pem) => new X509Certificate(pem));
  const intermediates = intermediatesPem.map((pem) => new X509Certificate(pem));
  let current = new X509Certificate(leafPem);
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (anchors.some((anchor) => anchor.fingerprint256 === current.fingerprint256)) return true;
    if (!isValidAt(current, at)) return false;
    if (anchors.some((anchor) => issued(anchor, current))) return true;
    const next = intermediates.find((candidate) => candidate.fingerprint256 !== current.fingerprint256 && candidate.ca && issued(candidate, current));
    if (!next) return false;
    current = next;
  }
  return false;
}

function issued(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

function isValidAt(certificate: X509Certificate, at: Date): boolean {
  return new Date(certificate.validFrom) <= at && at <= new Date(certificate.validTo);
}
