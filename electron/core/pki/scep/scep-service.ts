import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { certificateToPem, issueDeviceCertificate, type CertKeyPem } from '../certificates';
import { pemToDer } from '../pem';
import { buildCertRep, type CertRepOutcome } from './cert-rep';
import { CA_CAPABILITIES, CONTENT_TYPES, FailInfo, MessageType } from './constants';
import { readCertificateRequest, type CertificateRequest } from './csr';
import { openEnvelope, replyCipherFor, sealEnvelope, type ContentCipher, type EnvelopeRecipient } from './envelope';
import { readPkiRequest, ScepBadRequest, type PkiRequest } from './pki-message';
import { buildCertificatesOnly } from './signed-data';

export interface ScepChallengeCheck {
  (
    challenge: string,
    request: { subject: string; transactionId: string },
  ): Promise<{ ok: true; invitationId: string } | { ok: false; reason: string }>;
}

export interface ScepTransactionStore {
  /** The certificate PEM already issued for this transaction, if any. */
  get(transactionId: string): Promise<string | undefined>;
  put(transactionId: string, certificatePem: string): Promise<void>;
}

export interface ScepServiceOptions {
  ca: CertKeyPem;
  validityDays: number;
  checkChallenge: ScepChallengeCheck;
  transactions: ScepTransactionStore;
  /** Awaited before the transaction is stored; if it throws the client gets HTTP 500 and may retry. */
  onIssued?(event: { invitationId: string; certificatePem: string; subject: string; transactionId: string }): Promise<void>;
  onRejected?(event: { reason: string; transactionId?: string; invitationId?: string }): Promise<void>;
  /** Unexpected failures (store, callbacks, bugs); the client gets HTTP 500. */
  onError?(error: unknown): void;
}

export interface ScepRequest {
  method: 'GET' | 'POST';
  operation: string | null;
  message: Buffer | null;
}

export interface ScepResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/** SCEP (RFC 8894) CA without RA: GetCACaps, GetCACert and PKIOperation/PKCSReq. */
export class ScepService {
  private readonly caDer: Buffer;
  private readonly recipient: EnvelopeRecipient;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: ScepServiceOptions) {
    this.caDer = pemToDer(options.ca.certificatePem);
    this.recipient = {
      certificate: forge.pki.certificateFromPem(options.ca.certificatePem),
      privateKey: createPrivateKey(options.ca.privateKeyPem),
    };
  }

  async handle(request: ScepRequest): Promise<ScepResponse> {
    switch (request.operation) {
      case 'GetCACaps':
        return text(200, `${CA_CAPABILITIES.join('\n')}\n`);
      case 'GetCACert':
        return { status: 200, contentType: CONTENT_TYPES.caCert, body: this.caDer };
      case 'PKIOperation':
        return this.pkiOperation(request.message);
      default:
        return text(400, `unsupported SCEP operation: ${request.operation ?? '(none)'}\n`);
    }
  }

  private async pkiOperation(message: Buffer | null): Promise<ScepResponse> {
    try {
      if (!message || message.length === 0) throw new ScepBadRequest('PKIOperation without a message');
      const request = await readPkiRequest(message);
      if (request.messageType !== MessageType.pkcsReq) {
        return await this.refuse(request, `messageType ${request.messageType} is not supported`);
      }
      const { csr, cipher } = this.decryptRequest(request);
      return await this.serialised(request.transactionId, () => this.enroll(request, csr, cipher));
    } catch (error) {
      if (!(error instanceof ScepBadRequest)) {
        this.options.onError?.(error);
        return text(500, 'internal error\n');
      }
      await this.notifyRejected({ reason: error.message, transactionId: error.transactionId });
      return text(400, `${error.message}\n`);
    }
  }

  private decryptRequest(request: PkiRequest): { csr: CertificateRequest; cipher: ContentCipher } {
    try {
      const { content, cipher } = openEnvelope(request.envelope, this.recipient);
      return { csr: readCertificateRequest(content), cipher };
    } catch (error) {
      throw new ScepBadRequest(`bad pkcsPKIEnvelope: ${(error as Error).message}`, request.transactionId);
    }
  }

  private async enroll(request: PkiRequest, csr: CertificateRequest, cipher: ContentCipher): Promise<ScepResponse> {
    const { transactionId } = request;
    const alreadyIssued = await this.options.transactions.get(transactionId);
    if (alreadyIssued) {
      // A retried transaction gets its certificate again, but only for the same key.
      if (!sameKey(alreadyIssued, csr.publicKey)) return this.refuse(request, 'transactionID already used by another key');
      return this.deliver(request, alreadyIssued, cipher);
    }
    if (csr.challengePassword === null) return this.refuse(request, 'CSR has no challengePassword');
    const verdict = await this.options.checkChallenge(csr.challengePassword, { subject: csr.subjectText, transactionId });
    if (!verdict.ok) return this.refuse(request, verdict.reason);

    const certificate = issueDeviceCertificate(this.options.ca, {
      publicKey: csr.publicKey,
      subject: csr.subject,
      validityDays: this.options.validityDays,
    });
    const certificatePem = certificateToPem(certificate);
    await this.options.onIssued?.({ invitationId: verdict.invitationId, certificatePem, subject: csr.subjectText, transactionId });
    await this.options.transactions.put(transactionId, certificatePem);
    return this.deliver(request, certificatePem, cipher);
  }

  private deliver(request: PkiRequest, certificatePem: string, cipher: ContentCipher): ScepResponse {
    const certsOnly = buildCertificatesOnly([pemToDer(certificatePem)]);
    const envelope = sealEnvelope(certsOnly, request.signerCertificateDer, replyCipherFor(cipher));
    return this.certRep(request, { status: 'success', envelope });
  }

  private async refuse(request: PkiRequest, reason: string): Promise<ScepResponse> {
    await this.notifyRejected({ reason, transactionId: request.transactionId });
    return this.certRep(request, { status: 'failure', failInfo: FailInfo.badRequest });
  }

  private certRep(request: PkiRequest, outcome: CertRepOutcome): ScepResponse {
    const body = buildCertRep({ certificateDer: this.caDer, privateKeyPem: this.options.ca.privateKeyPem }, request, outcome);
    return { status: 200, contentType: CONTENT_TYPES.pkiMessage, body };
  }

  /** Rejection reports are informational: a failing listener must not change the protocol answer. */
  private async notifyRejected(event: { reason: string; transactionId?: string }): Promise<void> {
    try {
      await this.options.onRejected?.(event);
    } catch {
      // ignored on purpose
    }
  }

  /** Runs requests for the same transactionID one at a time, so a retry never issues twice. */
  private async serialised<T>(transactionId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.inFlight.get(transactionId) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(task);
    this.inFlight.set(transactionId, current);
    try {
      return await current;
    } finally {
      if (this.inFlight.get(transactionId) === current) this.inFlight.delete(transactionId);
    }
  }
}

function sameKey(certificatePem: string, publicKey: forge.pki.rsa.PublicKey): boolean {
  const issued = forge.pki.certificateFromPem(certificatePem).publicKey as forge.pki.rsa.PublicKey;
  return issued.n.equals(publicKey.n) && issued.e.equals(publicKey.e);
}

function text(status: number, body: string): ScepResponse {
  return { status, contentType: CONTENT_TYPES.text, body: Buffer.from(body, 'utf8') };
}
