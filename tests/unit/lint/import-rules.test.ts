import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The same rules `npm run lint:deps` checks: .dependency-cruiser.cjs at the repository root.
const root = process.cwd();

async function violations(baseDir: string, targets: string[]): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.node.json'));
  const result = await cruise(targets, { ...options, baseDir, outputType: 'json' }, {}, { tsConfig });
  const output = JSON.parse(result.output as string) as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('the import rules (dependency-cruiser)', () => {
  let fixture: string;
  const write = (path: string, code: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), code);
  };

  beforeAll(() => {
    fixture = mkdtempSync(join(tmpdir(), 'lanyard-import-rules-'));
    // A cycle in the renderer and one in the core.
    write('renderer/src/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
    write('renderer/src/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
    write('electron/core/store/x.ts', "import { y } from './y';\nexport const x = () => y;\n");
    write('electron/core/store/y.ts', "import { x } from './x';\nexport const y = () => x;\n");
    // Upward imports: foundation → api, and a type-only one (it counts too) foundation → modules.
    // api → store is downward: allowed.
    write('electron/core/api/dispatcher.ts', "import { store } from '../store/data-store';\nexport const dispatcher = store;\n");
    write('electron/core/store/data-store.ts', 'export const store = 1;\n');
    write('electron/core/http/admin-server.ts', "import { dispatcher } from '../api/dispatcher';\nexport const server = dispatcher;\n");
    write('electron/core/events/event-bus.ts', "import type { Device } from '../mdm/device';\nexport type Bus = Device;\n");
    write('electron/core/mdm/device.ts', 'export interface Device { id: string }\n');
    // Across the big boundaries, and a core folder in no layer.
    write('electron/main/index.ts', 'export const shell = 1;\n');
    write('electron/core/logger.ts', "import { shell } from '../main/index';\nexport const logger = shell;\n");
    write('renderer/src/c.ts', "import { logger } from '../../electron/core/logger';\nexport const c = logger;\n");
    write('contract/api.ts', "import { c } from '../renderer/src/c';\nexport const api = c;\n");
    write('electron/core/newcomer/thing.ts', "import { store } from '../store/data-store';\nexport const thing = store;\n");
  });

  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it('reports cycles, upward imports (type-only ones too), the shell, renderer and contract boundaries and a module in no layer', async () => {
    expect(await violations(fixture, ['electron', 'contract', 'renderer/src'])).toEqual([
      'contract-stands-alone: contract/api.ts → renderer/src/c.ts',
      'core-layer-foundation: electron/core/events/event-bus.ts → electron/core/mdm/device.ts',
      'core-layer-foundation: electron/core/http/admin-server.ts → electron/core/api/dispatcher.ts',
      'core-module-in-a-layer: electron/core/newcomer/thing.ts → electron/core/store/data-store.ts',
      'core-not-shell: electron/core/logger.ts → electron/main/index.ts',
      'no-circular: electron/core/store/x.ts → electron/core/store/y.ts',
      'no-circular: renderer/src/a.ts → renderer/src/b.ts',
      'renderer-not-electron: renderer/src/c.ts → electron/core/logger.ts',
    ]);
  });

  it('finds none in the real tree', async () => {
    expect(await violations(root, ['electron', 'contract', 'renderer/src'])).toEqual([]);
  });
});
