import { hostname, networkInterfaces } from 'node:os';
import type { NetworkCandidates } from '../../../contract/models';

/** The addresses and name devices on the LAN might use to reach this computer. */
export function networkCandidates(): NetworkCandidates {
  const addresses: NetworkCandidates['addresses'] = [];
  for (const [name, infos] of Object.entries(networkInterfaces())) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv6' && info.address.startsWith('fe80')) continue;
      addresses.push({ address: info.address, family: info.family, interface: name });
    }
  }
  addresses.sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1));
  return { hostname: hostname(), addresses };
}

/** The best default public host: the first LAN IPv4 address, else the host name. */
export function defaultPublicHost(): string {
  const candidates = networkCandidates();
  return candidates.addresses.find((a) => a.family === 'IPv4')?.address ?? (candidates.hostname || 'localhost');
}
