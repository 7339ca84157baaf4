import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A server or one of its programs could not start. `message` is one line for the person
 * at the terminal; `output` is what the program printed, when that helps to see why.
 */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly output?: string,
  ) {
    super(message);
    this.name = 'ServerStartError';
  }
}

const spawnErrorWords: Record<string, string> = {
  EACCES: 'permission denied',
  ENOENT: 'no such file',
  ENOEXEC: 'not an executable program',
};

function cannotRun(program: string, code: string | undefined, asUser: string | undefined): ServerStartError {
  const why = (code && spawnErrorWords[code]) ?? 'it could not be started';
  return new ServerStartError(`cannot run ${program}${asUser ? ` as the user "${asUser}"` : ''}: ${why}${code ? ` (${code})` : ''}`);
}

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** Runs a program to its end (initdb, a --version check) and gives its stdout. */
export function runProgram(program: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; runAs?: RunAs; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { cwd: options.cwd, env: options.env, uid: options.runAs?.uid, gid: options.runAs?.gid, timeout: options.timeoutMs ?? 120_000 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (typeof error.code === 'string') return reject(cannotRun(program, error.code, options.runAs?.name));
        const how = error.signal ? `was stopped by ${error.signal}` : `failed with exit code ${error.code}`;
        reject(new ServerStartError(`${program} ${how}`, `${stdout}${stderr}`.trim()));
      },
    );
  });
}

const watchdog = fileURLToPath(new URL('./server-watchdog.mjs', import.meta.url));

export interface ServerProcess {
  /** The server's own pid (its watchdog's is another). */
  pid: number;
  /** The last few KB the server printed. */
  output(): string;
  /** Resolves with a one-line account when the server ends without being asked to. */
  crashed: Promise<string>;
  /** Stops the server cleanly (see server-watchdog.mjs) and resolves once it is gone. */
  stop(): Promise<void>;
}

type WatchdogMessage =
  | { type: 'spawned'; pid: number }
  | { type: 'spawn-failed'; code?: string; message: string }
  | { type: 'exited'; code: number | null; signal: string | null };

/**
 * Starts a long-running server under server-watchdog.mjs, so that it stops when we do,
 * however we end. Resolves once the program runs (not once it is ready: that check is the
 * caller's); rejects with a one-line ServerStartError when it cannot be run at all.
 */
export function startServerProcess(options: {
  name: string;
  program: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  runAs?: RunAs;
  /** The server's clean-shutdown signal, and how long it gets before SIGKILL. */
  stopSignal: NodeJS.Signals;
  graceMs: number;
  onOutput?: (text: string) => void;
}): Promise<ServerProcess> {
  const user = options.runAs ? ['--uid', String(options.runAs.uid), '--gid', String(options.runAs.gid)] : [];
  const child = spawn(
    process.execPath,
    [watchdog, '--stop-signal', options.stopSignal, '--grace-ms', String(options.graceMs), ...user, '--', options.program, ...options.args],
    // Its own process group: Ctrl+C in the terminal reaches only us, and we stop the servers
    // in order, after the api has drained.
    { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let tail = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-6000);
    options.onOutput?.(text);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let stopping = false;
  let serverPid: number | undefined;
  let ended: WatchdogMessage | undefined;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A watchdog killed outright cannot stop its server any more; then we do.
  void gone.then(() => {
    if (serverPid === undefined || ended?.type === 'exited') return;
    try {
      process.kill(serverPid, options.stopSignal);
    } catch {
      // already gone
    }
  });
  const crashed = new Promise<string>((resolve) => {
    void gone.then(() => {
      if (stopping) return;
      if (ended?.type !== 'exited') return resolve(`The watchdog of ${options.name} ended on its own.`);
      resolve(`${options.name} ${ended.signal ? `was killed by ${ended.signal}` : `exited with code ${ended.code}`} on its own.`);
    });
  });
  return new Promise<ServerProcess>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(cannotRun(process.execPath, error.code, undefined)));
    child.on('message', (message: WatchdogMessage) => {
      if (message.type === 'spawned') {
        serverPid = message.pid;
        resolve({
          pid: message.pid,
          output: () => tail,
          crashed,
          stop: async () => {
            stopping = true;
            if (child.connected) child.disconnect();
            await gone;
          },
        });
      } else if (message.type === 'spawn-failed') {
        stopping = true;
        reject(cannotRun(options.program, message.code, options.runAs?.name));
      } else ended = message;
    });
    void gone.then(() => reject(new ServerStartError(`${options.name} ended before it ran`, tail)));
  });
}
