import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function electronImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the Electron boundary lint', () => {
  it.each(['electron/core/anything.ts', 'electron/serve.ts', 'renderer/src/app.tsx', 'contract/api.ts'])('fails when %s imports electron', async (file) => {
    expect(await electronImportErrors(file, "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await electronImportErrors(file, "export { ipcMain } from 'electron/main';\n")).toHaveLength(1);
  });

  it.each(['electron/main/window.ts', 'electron/preload/index.ts'])('allows the shell file %s to import electron', async (file) => {
    expect(await electronImportErrors(file, "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
