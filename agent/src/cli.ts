import { parseArgs } from 'node:util';
import { AgentUser } from '../../contract/agent-protocol';
import { AgentRunner } from './agent-runner';
import { enroll } from './enroll';
import { AgentState, defaultStateDir } from './state';

declare const __AGENT_VERSION__: string;
const version = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : '0.0.0-dev';

const usage = `lanyard-agent ${version}: enrols this computer with Lanyard and takes its tasks.

  lanyard-agent enroll <invitation-link> [--ca-sha256 HEX] [--serial S] [--state-dir DIR]
  lanyard-agent run [--dry-run] [--state-dir DIR]
  lanyard-agent status [--state-dir DIR]
  lanyard-agent set-user --name NAME --email EMAIL [--state-dir DIR]

The invitation link is the agent link of a Lanyard invitation:
https://host:port/enroll/<token>#sha256=<office CA fingerprint>.
--dry-run logs Lock and Wipe instead of doing them.
State folder: ${defaultStateDir()} (or LANYARD_AGENT_STATE_DIR).`;

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      'ca-sha256': { type: 'string' },
      serial: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      name: { type: 'string' },
      email: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
  });
  if (values.version) {
    console.log(version);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command || values.help ? 0 : 2;
  }
  const state = new AgentState(values['state-dir'] ?? defaultStateDir());
  switch (command) {
    case 'enroll': {
      if (rest.length !== 1) throw new Error('give the invitation link: lanyard-agent enroll <invitation-link>');
      await enroll(state, { link: rest[0]!, caSha256: values['ca-sha256'], serial: values.serial, version, log });
      return 0;
    }
    case 'run': {
      const enrollment = await state.enrollment();
      if (!enrollment) throw new Error(`not enrolled (no enrolment in ${state.dir}); run lanyard-agent enroll <invitation-link> first`);
      const runner = new AgentRunner(state, enrollment, { version, dryRun: values['dry-run'] ?? false, log });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runner.stop());
      log(`agent ${enrollment.agentId} starting${values['dry-run'] ? ' (dry run: Lock and Wipe are only logged)' : ''}`);
      const reason = await runner.run();
      log(reason === 'unenrolled' ? 'unenrolled from Lanyard; nothing more to do' : 'stopped');
      return 0;
    }
    case 'status': {
      const enrollment = await state.enrollment();
      const running = await state.runStatus();
      const user = await state.user();
      const report = enrollment
        ? {
            enrolled: true,
            agentId: enrollment.agentId,
            server: enrollment.server,
            broker: enrollment.mqtt.url,
            serial: enrollment.serial,
            enrolledAt: enrollment.enrolledAt,
            user,
            connection: running && processAlive(running.pid) ? running : null,
          }
        : { enrolled: false, stateDir: state.dir };
      console.log(JSON.stringify(report, null, 2));
      return enrollment ? 0 : 1;
    }
    case 'set-user': {
      const user = AgentUser.safeParse({ name: values.name ?? '', email: values.email ?? '' });
      if (!user.success) throw new Error(`--${String(user.error.issues[0]?.path[0] ?? 'name')}: ${user.error.issues[0]?.message ?? 'invalid'}`);
      await state.saveUser(user.data);
      log(`user set to ${user.data.name} <${user.data.email}>; a running agent sends it to Lanyard within seconds`);
      return 0;
    }
    default:
      throw new Error(`unknown command "${command}"\n\n${usage}`);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`lanyard-agent: ${error.message}`);
    process.exit(1);
  },
);
