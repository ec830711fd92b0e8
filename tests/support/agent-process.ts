import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built reference agent (`npm run build` makes it). */
export const agentJs = resolve(fileURLToPath(new URL('../../agent/dist/lanyard-agent.mjs', import.meta.url)));

function requireBuilt(): void {
  if (!existsSync(agentJs)) throw new Error(`${agentJs} does not exist: run "npm run build" first`);
}

/** Runs one `lanyard-agent` command to the end. */
export function agentCommand(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  requireBuilt();
  const result = spawnSync(process.execPath, [agentJs, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface RunningAgent {
  process: ChildProcess;
  output(): string;
  /** Resolves once the agent printed a line matching `pattern` (from its start). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
}

const running = new Set<RunningAgent>();

/** Starts `lanyard-agent run` as a child process. */
export function runAgent(stateDir: string, extra: string[] = ['--dry-run']): RunningAgent {
  requireBuilt();
  const child = spawn(process.execPath, [agentJs, 'run', '--state-dir', stateDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const waiters: { pattern: RegExp; resolve(): void }[] = [];
  const onData = (chunk: string) => {
    log += chunk;
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(log)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', onData);
  child.stderr!.setEncoding('utf8').on('data', onData);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const agent: RunningAgent = {
    process: child,
    output: () => log,
    exited,
    waitForOutput(pattern, timeoutMs = 15_000) {
      if (pattern.test(log)) return Promise.resolve();
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`the agent did not print ${pattern} within ${timeoutMs} ms:\n${log}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolvePromise();
          },
        });
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      running.delete(agent);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      running.delete(agent);
      return code;
    },
  };
  running.add(agent);
  return agent;
}

export async function stopAllAgents(): Promise<void> {
  await Promise.all([...running].map((agent) => agent.kill9()));
}

process.once('exit', () => {
  for (const agent of running) agent.process.kill('SIGKILL');
});
