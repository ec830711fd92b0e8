#!/usr/bin/env node
// Turns Apple's payload schemas (the YAML files of github.com/apple/device-management,
// mdm/profiles/) into the descriptions Lanyard's profile builder and its
// validation read: contract/payload-schemas.json. Run it against a checkout
// when Apple publishes a new release, and commit the result; the file names
// the commit it came from, so nothing here is typed by hand.
//
//   node scripts/generate-payload-schemas.mjs <checkout of apple/device-management> <commit>
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The payloads the builder offers, grouped and ordered as Apple Configurator's sidebar shows them. */
const groups = [
  ['Passcode', ['com.apple.mobiledevice.passwordpolicy']],
  ['Restrictions', ['com.apple.applicationaccess']],
  ['Wi-Fi', ['com.apple.wifi.managed']],
  ['VPN', ['com.apple.vpn.managed']],
  ['AirPrint', ['com.apple.airprint']],
  ['Calendar', ['com.apple.caldav.account']],
  ['Contacts', ['com.apple.carddav.account']],
  ['Exchange ActiveSync', ['com.apple.eas.account']],
  ['Mail', ['com.apple.mail.managed']],
  ['Certificates', ['com.apple.security.pkcs12', 'com.apple.security.root']],
  ['Web Clips', ['com.apple.webClip.managed']],
  ['Lock Screen Message', ['com.apple.shareddeviceconfiguration']],
  ['Single App Mode', ['com.apple.app.lock']],
  ['DNS Settings', ['com.apple.dnsSettings.managed']],
  ['Firewall', ['com.apple.security.firewall']],
  ['FileVault', ['com.apple.MCX.FileVault2']],
];

const [checkout, commit] = process.argv.slice(2);
if (!checkout || !commit) {
  console.error('usage: node scripts/generate-payload-schemas.mjs <checkout of apple/device-management> <commit>');
  process.exit(2);
}

const typeOf = (text) => String(text ?? '<any>').replace(/[<>]/g, '');
const firstSentence = (text) => {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat;
  return sentence.length > 240 ? `${sentence.slice(0, 237)}…` : sentence;
};
/** Where a key or payload exists (an OS whose `introduced` is "n/a" does not have it), and whether iOS needs supervision for it. */
function platforms(supported) {
  const out = {};
  for (const [os, facts] of Object.entries(supported ?? {})) {
    if (facts?.introduced === 'n/a') continue;
    out[os] = { ...(facts?.introduced ? { introduced: String(facts.introduced) } : {}), ...(facts?.supervised === true ? { supervised: true } : {}) };
  }
  return out;
}

function describeKey(raw) {
  const key = {
    key: String(raw.key),
    ...(raw.title ? { title: String(raw.title) } : {}),
    type: typeOf(raw.type),
    required: raw.presence === 'required',
  };
  if (raw.default !== undefined) key.default = raw.default;
  if (Array.isArray(raw.rangelist)) key.values = raw.rangelist;
  if (raw.range?.min !== undefined) key.min = raw.range.min;
  if (raw.range?.max !== undefined) key.max = raw.range.max;
  if (raw.format) key.format = String(raw.format);
  const where = platforms(raw.supportedOS);
  if (raw.supportedOS && Object.keys(where).length > 0) key.platforms = where;
  if (where.iOS?.supervised) key.supervisedOnly = true;
  if (raw.content) key.help = firstSentence(raw.content);
  if (Array.isArray(raw.subkeys)) key.subkeys = raw.subkeys.map(describeKey);
  return key;
}

const payloads = {};
for (const [group, types] of groups) {
  for (const payloadType of types) {
    const file = join(checkout, 'mdm', 'profiles', `${payloadType}.yaml`);
    const schema = parse(await readFile(file, 'utf8'));
    if (schema.payload?.payloadtype !== payloadType) throw new Error(`${file} describes ${schema.payload?.payloadtype}, not ${payloadType}`);
    payloads[payloadType] = {
      group,
      title: String(schema.title),
      description: firstSentence(schema.description),
      platforms: platforms(schema.payload.supportedOS),
      keys: (schema.payloadkeys ?? []).filter((raw) => !String(raw.key).startsWith('Payload') || raw.key === 'PayloadCertificateUUID' || raw.key === 'PayloadCertificateFileName' || raw.key === 'PayloadContent').map(describeKey),
    };
  }
}

const out = { source: { repository: 'apple/device-management', commit, path: 'mdm/profiles' }, groups: groups.map(([name, types]) => ({ name, payloadTypes: types })), payloads };
await writeFile(new URL('../contract/payload-schemas.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${Object.keys(payloads).length} payload descriptions from apple/device-management ${commit}`);
