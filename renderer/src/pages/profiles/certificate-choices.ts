import { createContext } from 'react';
import { describePayload } from '../../../../contract/payload-descriptions';
import { certificatePayloadTypes } from '../../../../contract/payload-validation';

/** A certificate payload of the profile being built, as a key that names a certificate offers it. */
export interface CertificateChoice {
  uuid: string;
  label: string;
}

/** The certificate payloads of the profile being built (by PayloadUUID), for the keys that name one. */
export const CertificateChoices = createContext<readonly CertificateChoice[]>([]);

export function certificateChoices(payloads: readonly Record<string, unknown>[]): CertificateChoice[] {
  return payloads.flatMap((payload, index) => {
    if (!(certificatePayloadTypes as readonly unknown[]).includes(payload.PayloadType) || typeof payload.PayloadUUID !== 'string') return [];
    const kind = describePayload(String(payload.PayloadType))?.title ?? String(payload.PayloadType);
    const name = typeof payload.PayloadCertificateFileName === 'string' && payload.PayloadCertificateFileName ? payload.PayloadCertificateFileName : typeof payload.PayloadDisplayName === 'string' && payload.PayloadDisplayName ? payload.PayloadDisplayName : kind;
    return [{ uuid: payload.PayloadUUID, label: `${name} (payload ${index + 1}, ${kind})` }];
  });
}
