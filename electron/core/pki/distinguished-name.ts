import forge from 'node-forge';

type NameAttribute = forge.pki.CertificateField;

/**
 * forge returns UTF8String values as raw UTF-8 bytes when parsing, but
 * UTF-8-encodes them again when serialising. Decode first so names survive
 * a parse -> re-issue round trip (e.g. copying a CA subject into an issuer).
 */
export function reencodableName(attributes: NameAttribute[]): NameAttribute[] {
  return attributes.map((attribute) =>
    Number(attribute.valueTagClass) === forge.asn1.Type.UTF8 ? { ...attribute, value: attributeText(attribute) } : { ...attribute },
  );
}

export function attributeText(attribute: NameAttribute): string {
  const raw = String(attribute.value ?? '');
  const tag = Number(attribute.valueTagClass);
  if (tag === forge.asn1.Type.UTF8) return forge.util.decodeUtf8(raw);
  if (tag === forge.asn1.Type.BMPSTRING) return Buffer.from(raw, 'binary').swap16().toString('utf16le');
  return raw;
}

/** "CN=dev1, O=Acme" in certificate order; unknown attribute types are shown by OID. */
export function formatName(attributes: NameAttribute[]): string {
  return attributes
    .map((attribute) => `${attribute.shortName ?? attribute.name ?? attribute.type}=${attributeText(attribute)}`)
    .join(', ');
}

export function utf8Attribute(name: string, value: string): NameAttribute {
  return { name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}
