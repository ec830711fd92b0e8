import { randomBytes } from 'node:crypto';
import { MessageType, PkiStatus, ScepOid, type FailInfo } from './constants';
import { octetString, printableString } from '../der';
import { buildSignedData, type SignedAttribute } from './signed-data';

export interface CertRepSigner {
  certificateDer: Buffer;
  privateKeyPem: string;
}

export interface CertRepRequest {
  transactionId: string;
  senderNonce: Buffer;
}

export type CertRepOutcome =
  | { status: 'success'; /** pkcsPKIEnvelope holding the certs-only SignedData */ envelope: Buffer }
  | { status: 'failure'; failInfo: (typeof FailInfo)[keyof typeof FailInfo] };

/** CertRep pkiMessage (RFC 8894 section 3.3.2), signed by the CA. */
export function buildCertRep(signer: CertRepSigner, request: CertRepRequest, outcome: CertRepOutcome): Buffer {
  const attributes: SignedAttribute[] = [
    { type: ScepOid.transactionId, value: printableString(request.transactionId) },
    { type: ScepOid.messageType, value: printableString(MessageType.certRep) },
    { type: ScepOid.recipientNonce, value: octetString(request.senderNonce) },
    { type: ScepOid.senderNonce, value: octetString(randomBytes(16)) },
  ];
  if (outcome.status === 'success') {
    attributes.push({ type: ScepOid.pkiStatus, value: printableString(PkiStatus.success) });
  } else {
    attributes.push({ type: ScepOid.pkiStatus, value: printableString(PkiStatus.failure) });
    attributes.push({ type: ScepOid.failInfo, value: printableString(outcome.failInfo) });
  }
  return buildSignedData({
    // A failure carries no pkcsPKIEnvelope: the encapsulated content is empty.
    content: outcome.status === 'success' ? outcome.envelope : Buffer.alloc(0),
    signerCertificateDer: signer.certificateDer,
    signerPrivateKeyPem: signer.privateKeyPem,
    attributes,
  });
}
