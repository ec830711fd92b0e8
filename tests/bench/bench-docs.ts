import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** The page every bench writes its figures into. */
export const benchmarksFile = join(import.meta.dirname, '../../docs/benchmarks.md');

/** One line naming the machine a run was measured on. */
export function machineLine(extra = ''): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}${extra}`;
}

/**
 * Puts `figures` between this section's markers in docs/benchmarks.md,
 * leaving the prose and the other sections as they are; a section seen for
 * the first time is appended under `heading`.
 */
export async function writeBenchSection(section: string | null, heading: string, figures: string): Promise<void> {
  const begin = section ? `<!-- bench:${section}:begin (written by npm run bench) -->` : '<!-- bench:begin (written by npm run bench) -->';
  const end = section ? `<!-- bench:${section}:end -->` : '<!-- bench:end -->';
  const text = await readFile(benchmarksFile, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? `${text.slice(0, from + begin.length)}\n${figures}\n${text.slice(to)}` : `${text.trimEnd()}\n\n## ${heading}\n\n${begin}\n${figures}\n${end}\n`;
  await writeFile(benchmarksFile, next);
}
