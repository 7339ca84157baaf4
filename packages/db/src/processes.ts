import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** What Linux tells about a running process in /proc; undefined when it is gone (or a zombie). */
export interface ProcessInfo {
  pid: number;
  /** The binary it runs (/proc/PID/exe), without the " (deleted)" Linux adds once the file was replaced. */
  exe: string;
  /** Its working directory (/proc/PID/cwd). */
  cwd: string;
  argv: string[];
  /** Clock ticks after boot at which it started: with the pid, names one process even after pid reuse. */
  startTime: number;
}

export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return {
      pid,
      exe: readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''),
      cwd: readlinkSync(`/proc/${pid}/cwd`),
      argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1),
      startTime: Number(fields[19]),
    };
  } catch {
    return undefined;
  }
}

/** Every process we may inspect, except ourselves. */
export function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map((entry) => processInfo(Number(entry)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

export const runsBinaryNamed = (info: ProcessInfo, name: string) => path.basename(info.exe) === name;

/**
 * Stops a server that an earlier run left behind: `signal` (its clean shutdown), then
 * SIGKILL if it is still there after `graceMs`. Resolves once it is gone.
 */
export async function stopLeftover(info: ProcessInfo, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const sameProcess = () => processInfo(info.pid)?.startTime === info.startTime;
  const goneWithin = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (sameProcess()) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  };
  try {
    process.kill(info.pid, signal);
  } catch {
    return; // already gone
  }
  if (await goneWithin(graceMs)) return;
  try {
    process.kill(info.pid, 'SIGKILL');
  } catch {
    return;
  }
  await goneWithin(10_000);
}
