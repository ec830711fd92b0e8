// `npm start`: open the desktop app where the Electron binary is installed and
// there is a display; otherwise say why in one line and run the headless server.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { chooseStartMode } from './start-mode.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return null;
  }
}

const binary = electronBinary();
const choice = chooseStartMode({ electronBinary: binary, platform: process.platform, env: process.env });
if (choice.mode === 'headless') console.log(choice.reason);
const child =
  choice.mode === 'desktop'
    ? spawn(binary, ['.', ...args], { stdio: 'inherit' })
    : spawn(process.execPath, ['out/main/serve.js', ...args], { stdio: 'inherit' });

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
