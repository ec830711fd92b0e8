import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a sample of Lanyard's process belongs: to the nearest frame on its
 * stack that is Lanyard's code or a package (by its source file, through the
 * bundle's source map), so native work (an RSA signature, a TLS record)
 * counts for the code that asked for it. What no such frame asked for is
 * Node's own TLS, HTTP and stream handling.
 */
const categories: [string, (url: string) => boolean][] = [
  ['Lanyard store (electron/core/store)', (url) => url.includes('/electron/core/store/')],
  ['Lanyard MDM service (electron/core/mdm)', (url) => url.includes('/electron/core/mdm/')],
  ['Lanyard PKI: signature checks, SCEP, certificates (electron/core/pki)', (url) => url.includes('/electron/core/pki/')],
  ['Lanyard device server and routing (electron/core/device-server, http)', (url) => /\/electron\/core\/(device-server|http)\//.test(url)],
  ['Lanyard other core code', (url) => url.includes('/electron/core/') || url.includes('/contract/')],
  ['plist package (parse/build)', (url) => url.includes('/node_modules/plist/') || url.includes('/node_modules/@xmldom/')],
  ['pg client', (url) => /\/node_modules\/(pg|pg-protocol|pg-types|pg-pool)\//.test(url)],
  ['node-forge, pkijs, asn1js (certificates, CMS)', (url) => /\/node_modules\/(node-forge|pkijs|asn1js|pvtsutils|pvutils)\//.test(url)],
  ['other packages', (url) => url.includes('/node_modules/')],
];
const special: Record<string, string> = {
  '(idle)': 'idle (waiting for I/O)',
  '(garbage collector)': 'garbage collection',
  '(program)': 'V8 and native code outside any JavaScript frame',
};
const nodeOwn = "Node's TLS, HTTP and streams";

/** The source file a bundled frame came from, through the bundle's source map (`out/main/*.js.map`). */
function sourceResolver(): (frame: ProfileNode['callFrame']) => string {
  const maps = new Map<string, TraceMap | null>();
  return (frame) => {
    if (!frame.url.startsWith('file://') || !frame.url.endsWith('.js')) return frame.url;
    let map = maps.get(frame.url);
    if (map === undefined) {
      const mapFile = `${fileURLToPath(frame.url)}.map`;
      map = existsSync(mapFile) ? new TraceMap(readFileSync(mapFile, 'utf8'), frame.url) : null;
      maps.set(frame.url, map);
    }
    if (!map) return frame.url;
    // Profile positions are 0-based; trace-mapping takes 1-based lines.
    return originalPositionFor(map, { line: frame.lineNumber + 1, column: Math.max(0, frame.columnNumber) }).source ?? frame.url;
  };
}

/** Sums a `.cpuprofile`'s self time by category (see `categories`), as a Markdown table. */
export function summarizeProfile(profile: Profile): string[] {
  const sourceOf = sourceResolver();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const categoryOf = new Map<number, string>();
  const categorize = (id: number): string => {
    const known = categoryOf.get(id);
    if (known) return known;
    const frame = byId.get(id)!.callFrame;
    const source = sourceOf(frame);
    let category = special[frame.functionName] ?? categories.find(([, matches]) => matches(source))?.[0];
    if (!category) {
      const parent = parentOf.get(id);
      category = parent === undefined ? nodeOwn : categorize(parent);
    }
    categoryOf.set(id, category);
    return category;
  };
  const selfMicros = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const category = categorize(profile.samples[i]!);
    selfMicros.set(category, (selfMicros.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0) || 1;
  const busy = total - (selfMicros.get(special['(idle)']!) ?? 0);
  const table = [`Lanyard's process was busy ${(busy / 1000).toFixed(0)} ms of the ${(total / 1000).toFixed(0)} ms profiled (from its start to its stop).`, '', '| where the time went (self time, by the code that asked for it) | share | ms |', '| --- | --- | --- |'];
  for (const [category, micros] of [...selfMicros].sort((a, b) => b[1] - a[1])) {
    if (micros / total < 0.005) continue;
    table.push(`| ${category} | ${((micros / total) * 100).toFixed(1)}% | ${(micros / 1000).toFixed(0)} |`);
  }
  return table;
}

/** The profile `node --cpu-prof --cpu-prof-dir <dir>` wrote when its process exited (the newest in `dir`). */
export async function readCpuProfile(dir: string): Promise<Profile> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).sort();
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(await readFile(join(dir, files.at(-1)!), 'utf8')) as Profile;
}
