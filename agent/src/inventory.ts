import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, statfs } from 'node:fs/promises';
import { cpus, hostname, networkInterfaces, platform, release, totalmem, uptime, userInfo, version as kernelVersion } from 'node:os';
import { promisify } from 'node:util';
import type { AgentInventory } from '../../contract/agent-protocol';

const run = promisify(execFile);

/** File systems worth reporting (not proc, tmpfs, cgroup and the like). */
const diskTypes = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'f2fs', 'apfs', 'hfs']);

export function osName(): string {
  return { win32: 'Windows', darwin: 'macOS', linux: 'Linux' }[platform() as string] ?? platform();
}

/** The OS version as its users know it: the distribution and kernel on Linux, the product version on macOS, the build on Windows. */
async function osVersion(): Promise<string> {
  if (platform() === 'linux') {
    const pretty = await readFile('/etc/os-release', 'utf8')
      .then((text) => /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? '')
      .catch(() => '');
    return [pretty, release()].filter(Boolean).join(', kernel ');
  }
  if (platform() === 'darwin') return (await run('sw_vers', ['-productVersion']).catch(() => ({ stdout: release() }))).stdout.trim();
  return kernelVersion() || release();
}

async function disks(): Promise<AgentInventory['disks']> {
  let mounts: string[] = ['/'];
  if (platform() === 'linux') {
    const table = await readFile('/proc/mounts', 'utf8').catch(() => '');
    const found = table
      .split('\n')
      .map((line) => line.split(' '))
      .filter((fields) => fields.length > 2 && diskTypes.has(fields[2]!))
      .map((fields) => fields[1]!.replace(/\\040/g, ' '));
    mounts = [...new Set(['/', ...found])];
  } else if (platform() === 'win32') {
    mounts = 'CDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((letter) => `${letter}:\\`);
  }
  const result: AgentInventory['disks'] = [];
  for (const mount of mounts.slice(0, 50)) {
    try {
      const stats = await statfs(mount);
      if (stats.blocks === 0) continue;
      result.push({ mount, sizeBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize });
    } catch {
      // Not mounted, no medium, or not readable: not a disk to report.
    }
  }
  return result;
}

function interfaces(): AgentInventory['interfaces'] {
  return Object.entries(networkInterfaces())
    .filter(([, addresses]) => addresses && addresses.length > 0)
    .slice(0, 100)
    .map(([name, addresses]) => ({ name, mac: addresses![0]!.mac, addresses: addresses!.slice(0, 50).map((address) => address.cidr ?? address.address) }));
}

export async function collectInventory(agentVersion: string): Promise<AgentInventory> {
  const processors = cpus();
  let loggedInUser = '';
  try {
    loggedInUser = userInfo().username;
  } catch {
    loggedInUser = '';
  }
  return {
    hostname: hostname(),
    os: { name: osName(), version: (await osVersion()).slice(0, 100) },
    cpu: { model: (processors[0]?.model ?? '').trim().slice(0, 200), cores: processors.length },
    memoryBytes: totalmem(),
    disks: await disks(),
    interfaces: interfaces(),
    uptimeSeconds: Math.round(uptime()),
    loggedInUser,
    agentVersion,
  };
}

/**
 * The machine's serial number where the OS tells it (the firmware's on Linux
 * and Windows, the hardware's on macOS); otherwise a stable id made from the
 * machine id, so enrolling again is recognised as the same machine.
 */
export async function machineSerial(): Promise<string> {
  const candidates: (() => Promise<string>)[] = [];
  if (platform() === 'linux') {
    candidates.push(() => readFile('/sys/class/dmi/id/product_serial', 'utf8'));
    candidates.push(async () => `machine-${createHash('sha256').update(await readFile('/etc/machine-id', 'utf8')).digest('hex').slice(0, 24)}`);
  } else if (platform() === 'darwin') {
    candidates.push(async () => /"IOPlatformSerialNumber" = "([^"]+)"/.exec((await run('ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice'])).stdout)?.[1] ?? '');
  } else if (platform() === 'win32') {
    candidates.push(async () => (await run('powershell.exe', ['-NoProfile', '-Command', '(Get-CimInstance Win32_BIOS).SerialNumber'])).stdout);
  }
  for (const candidate of candidates) {
    const serial = (await candidate().catch(() => '')).trim();
    if (serial && !/^(0+|none|to be filled by o\.e\.m\.|default string)$/i.test(serial)) return serial.slice(0, 100);
  }
  return `host-${createHash('sha256').update(hostname()).digest('hex').slice(0, 24)}`;
}
