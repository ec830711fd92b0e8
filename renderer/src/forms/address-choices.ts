import type { NetworkCandidates } from '../../../contract/models';

export interface AddressChoice {
  value: string;
  detail: string;
}

/** The computer's LAN addresses, then its host name, as choices for the public address. */
export function addressChoices(candidates: NetworkCandidates | null): AddressChoice[] {
  if (!candidates) return [];
  const choices: AddressChoice[] = candidates.addresses.map((a) => ({ value: a.address, detail: `${a.family} address on ${a.interface}` }));
  if (candidates.hostname) choices.push({ value: candidates.hostname, detail: "this computer's name" });
  return choices;
}
