import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AgentEnrollResponse } from '../../contract/agent-protocol';

/** Where the agent keeps its credentials and state by default, per OS (a service runs as root / SYSTEM). */
export function defaultStateDir(): string {
  if (process.env.LANYARD_AGENT_STATE_DIR) return process.env.LANYARD_AGENT_STATE_DIR;
  if (platform() === 'win32') return join(process.env.ProgramData ?? 'C:\\ProgramData', 'Lanyard Agent');
  if (platform() === 'darwin') return process.getuid?.() === 0 ? '/Library/Application Support/Lanyard Agent' : join(homedir(), 'Library', 'Application Support', 'Lanyard Agent');
  return process.getuid?.() === 0 ? '/var/lib/lanyard-agent' : join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'lanyard-agent');
}

export const Enrollment = AgentEnrollResponse.extend({
  /** https://host:port of the Lanyard that enrolled this agent. */
  server: z.string(),
  serial: z.string(),
  enrolledAt: z.string(),
});
export type Enrollment = z.infer<typeof Enrollment>;

export const UserFile = z.object({ name: z.string(), email: z.string() });

const TaskRecord = z.object({ status: z.enum(['received', 'done', 'failed', 'incompatible']), detail: z.string().optional(), at: z.string() });
export type TaskRecord = z.infer<typeof TaskRecord>;
const TaskLog = z.record(z.string(), TaskRecord);

export const RunStatus = z.object({ pid: z.number(), connected: z.boolean(), since: z.string(), lastError: z.string().nullable() });

/** How many task ids the agent remembers, to answer a task sent twice without running it twice. */
const rememberedTasks = 2000;

/**
 * The agent's state folder: its enrolment (credentials, mode 0600), the user
 * as typed with set-user, the tasks it has seen, the running agent's status,
 * and the managed folder that files are deployed into and Wipe removes.
 */
export class AgentState {
  constructor(readonly dir: string) {}

  get managedDir(): string {
    return join(this.dir, 'managed');
  }

  async enrollment(): Promise<Enrollment | null> {
    return this.read('enrollment.json', Enrollment);
  }

  async saveEnrollment(enrollment: Enrollment): Promise<void> {
    await this.write('enrollment.json', enrollment);
  }

  /** Forgets the enrolment and the task log; the managed folder is the caller's to remove. */
  async forgetEnrollment(): Promise<void> {
    await rm(join(this.dir, 'enrollment.json'), { force: true });
    await rm(join(this.dir, 'tasks.json'), { force: true });
  }

  async user(): Promise<z.infer<typeof UserFile> | null> {
    return this.read('user.json', UserFile);
  }

  async saveUser(user: z.infer<typeof UserFile>): Promise<void> {
    await this.write('user.json', user);
  }

  get userPath(): string {
    return join(this.dir, 'user.json');
  }

  async tasks(): Promise<Record<string, TaskRecord>> {
    return (await this.read('tasks.json', TaskLog)) ?? {};
  }

  async saveTasks(tasks: Record<string, TaskRecord>): Promise<void> {
    const entries = Object.entries(tasks);
    await this.write('tasks.json', Object.fromEntries(entries.slice(Math.max(0, entries.length - rememberedTasks))));
  }

  async runStatus(): Promise<z.infer<typeof RunStatus> | null> {
    return this.read('status.json', RunStatus);
  }

  async saveRunStatus(status: z.infer<typeof RunStatus>): Promise<void> {
    await this.write('status.json', status);
  }

  private async read<T>(name: string, schema: z.ZodType<T>): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(join(this.dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${join(this.dir, name)} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  /** Written whole to a temporary file, readable by its owner only, then renamed over the old one. */
  private async write(name: string, value: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = join(this.dir, name);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, target);
  }
}
