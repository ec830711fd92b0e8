import { execFile } from 'node:child_process';
import { platform } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How each OS locks the screen of the signed-in user(s). */
export function lockCommand(): { file: string; args: string[] } | null {
  switch (platform()) {
    case 'linux':
      return { file: 'loginctl', args: ['lock-sessions'] };
    case 'win32':
      return { file: 'rundll32.exe', args: ['user32.dll,LockWorkStation'] };
    case 'darwin':
      return { file: 'pmset', args: ['displaysleepnow'] };
    default:
      return null;
  }
}

/** Locks the screen, or with `dryRun` only says what it would run. Resolves with what happened, for the task's detail. */
export async function lockScreen(dryRun: boolean, log: (line: string) => void): Promise<{ ok: boolean; detail: string }> {
  const command = lockCommand();
  if (!command) return { ok: false, detail: `locking is not supported on ${platform()}` };
  const text = [command.file, ...command.args].join(' ');
  if (dryRun) {
    log(`dry run: would lock the screen with: ${text}`);
    return { ok: true, detail: `dry run: would run ${text}` };
  }
  try {
    await run(command.file, command.args, { timeout: 15_000 });
    return { ok: true, detail: `locked with ${text}` };
  } catch (error) {
    return { ok: false, detail: `${text} failed: ${(error as Error).message}` };
  }
}
