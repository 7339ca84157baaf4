// Runs one server (PostgreSQL, Meilisearch) for the api and makes sure it does not outlive
// the api. The api starts this script with an IPC channel; that channel closes when the api
// exits in any way, kill -9 included, and then we stop the server cleanly (the stop signal,
// then SIGKILL after the grace time) and exit. The api stops a server the same way: it
// closes the channel. Plain JavaScript, so it runs the same from source and from the build.
//
//   node server-watchdog.mjs --stop-signal SIGINT --grace-ms 30000 [--uid N --gid N] -- program args...
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    'stop-signal': { type: 'string' },
    'grace-ms': { type: 'string' },
    uid: { type: 'string' },
    gid: { type: 'string' },
  },
  allowPositionals: true,
});
const [program, ...args] = positionals;
const asUser = values.uid === undefined ? {} : { uid: Number(values.uid), gid: Number(values.gid) };

// Nobody reads our output once the api is gone; a write then must not kill us.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const tell = (message) => {
  if (process.connected) process.send(message);
};

const server = spawn(program, args, { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.pipe(process.stdout);
server.stderr.pipe(process.stderr);
server.once('spawn', () => tell({ type: 'spawned', pid: server.pid }));
server.once('error', (error) => {
  tell({ type: 'spawn-failed', code: error.code, message: error.message });
  process.disconnect?.();
  process.exitCode = 1;
});
server.once('exit', (code, signal) => {
  tell({ type: 'exited', code, signal });
  process.disconnect?.();
});

let stopping = false;
function stopServer() {
  if (stopping || server.exitCode !== null || server.signalCode !== null) return;
  stopping = true;
  server.kill(values['stop-signal']);
  setTimeout(() => server.kill('SIGKILL'), Number(values['grace-ms'])).unref();
}
process.once('disconnect', stopServer);
// Being told to stop by a person or a service manager means the same.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stopServer);
