/** SCEP attribute OIDs (RFC 8894 section 3.2.1), under the VeriSign arc. */
export const ScepOid = {
  messageType: '2.16.840.1.113733.1.9.2',
  pkiStatus: '2.16.840.1.113733.1.9.3',
  failInfo: '2.16.840.1.113733.1.9.4',
  senderNonce: '2.16.840.1.113733.1.9.5',
  recipientNonce: '2.16.840.1.113733.1.9.6',
  transactionId: '2.16.840.1.113733.1.9.7',
} as const;

/** messageType values, carried as decimal PrintableStrings. */
export const MessageType = {
  certRep: '3',
  renewalReq: '17',
  pkcsReq: '19',
  certPoll: '20',
  getCert: '21',
  getCrl: '22',
} as const;

export const PkiStatus = { success: '0', failure: '2', pending: '3' } as const;

export const FailInfo = { badAlg: '0', badMessageCheck: '1', badRequest: '2', badTime: '3', badCertId: '4' } as const;

export const CmsOid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** Capabilities we implement; "Renewal" is deliberately absent (RenewalReq is refused). */
export const CA_CAPABILITIES = ['POSTPKIOperation', 'SHA-256', 'SHA-1', 'AES', 'DES3', 'SCEPStandard'] as const;

export const CONTENT_TYPES = {
  caCert: 'application/x-x509-ca-cert',
  pkiMessage: 'application/x-pki-message',
  text: 'text/plain; charset=utf-8',
} as const;
