import { isIP } from 'node:net';

/** Network-order bytes (as a forge binary string) of an IPv4/IPv6 literal, or null for anything else. */
export function ipAddressBytes(host: string): string | null {
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(literal);
  if (family === 4) return Buffer.from(literal.split('.').map(Number)).toString('binary');
  if (family === 6) return Buffer.from(ipv6Groups(literal).flatMap((group) => [group >> 8, group & 0xff])).toString('binary');
  return null;
}

function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0] ?? '';
  const embeddedV4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (embeddedV4) {
    const [a, b, c, d] = embeddedV4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, embeddedV4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
