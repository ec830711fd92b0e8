import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEnrollmentSettings } from '../../contract/enrollment-models';
import type { Settings } from '../../contract/models';
import { initialData, type LanyardData } from '../../electron/core/store/schema';

export function sampleSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    organization: { name: 'Test Office' },
    helpdesk: { name: 'Help', phone: '+1 555 0100', email: 'help@example.com', website: 'https://example.com' },
    network: { publicHost: '192.0.2.10', mdmPort: 8443, enrollmentHttpPort: 8080 },
    enrollment: { ...defaultEnrollmentSettings },
    setupCompletedAt: null,
    ...overrides,
  };
}

export function sampleData(): LanyardData {
  return initialData(sampleSettings());
}

/** A temporary folder removed after the test. */
export async function tempDir(prefix = 'lanyard-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
