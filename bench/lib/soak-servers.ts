// The soak's three servers, each one started by us so each can be killed on its own:
// PostgreSQL and Meilisearch from the embedded helpers (a restart reuses the data dir and
// the port, so the api's DATABASE_URL / MEILI_URL stay right), and the built api.
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@fieldschool/db';
import { startEmbeddedMeilisearch, type EmbeddedMeilisearchHandle } from '@fieldschool/search';
import { memoryOf, pidsWithCmdline, spawnApi, waitGone, waitForHealth, type ApiProcess } from './server.ts';

export interface Postgres {
  urlFor(database: string): string;
  /** Fast shutdown (SIGINT through its watchdog): sessions are cut, the data is checkpointed. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startPostgres(dataDir: string, port: number): Promise<Postgres> {
  let handle: EmbeddedPostgresHandle | undefined = await startEmbeddedPostgres({ dataDir, port });
  const urlFor = handle.urlFor;
  return {
    urlFor,
    stop: async () => {
      await handle?.stop();
      handle = undefined;
    },
    start: async () => {
      handle = await startEmbeddedPostgres({ dataDir, port });
    },
  };
}

export interface Meilisearch {
  url: string;
  masterKey: string;
  /** SIGKILL to the server itself (not its watchdog): a crash, no clean shutdown. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMeilisearch(dataDir: string, port: number): Promise<Meilisearch> {
  const start = () => startEmbeddedMeilisearch({ dataDir, port, maxIndexingMemory: '512 MiB' });
  let handle: EmbeddedMeilisearchHandle | undefined = await start();
  const { url, masterKey } = handle;
  const dbPath = path.join(dataDir, 'meili', 'data.ms');
  return {
    url,
    masterKey,
    kill: async () => {
      // Its watchdog's command line names the same database; the server's own starts with the binary.
      const servers = pidsWithCmdline(`--db-path ${dbPath}`).filter((p) => !p.cmd.includes('server-watchdog'));
      if (servers.length === 0) throw new Error('no Meilisearch process to kill');
      for (const { pid } of servers) process.kill(pid, 'SIGKILL');
      await waitGone(servers.map((p) => p.pid));
      await handle?.crashed;
      handle = undefined;
    },
    start: async () => {
      handle = await start();
    },
    stop: async () => {
      await handle?.stop();
      handle = undefined;
    },
  };
}

/**
 * The built api on a fixed port and data dir, with a restart that keeps both. An exit we did
 * not cause is noted and the api started again, so one crash does not end the soak's figures.
 */
export class Api {
  private process: ApiProcess;
  private killing = false;
  private stopped = false;
  readonly crashes: string[] = [];

  constructor(
    private readonly entry: string,
    private readonly opts: { dataDir: string; port: number; env: Record<string, string> },
    private readonly onCrash: (message: string) => void,
  ) {
    this.process = this.spawn();
  }

  get url(): string {
    return this.process.url;
  }

  get pid(): number {
    return this.process.child.pid!;
  }

  alive(): boolean {
    return this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  rssMiB(): number | undefined {
    return memoryOf(this.pid)?.rssMiB;
  }

  output(): string {
    return this.process.output();
  }

  async healthy(timeoutMs?: number): Promise<number> {
    return waitForHealth(this.process, performance.now(), timeoutMs);
  }

  /** SIGKILL, then a fresh start on the same port and data dir; resolves with ms from the kill to healthy. */
  async killAndRestart(): Promise<{ killedPid: number; healthyMs: number }> {
    const t0 = performance.now();
    const killedPid = this.pid;
    this.killing = true;
    const exited = new Promise((resolve) => this.process.child.once('exit', resolve));
    this.process.child.kill('SIGKILL');
    await exited;
    this.process = this.spawn();
    this.killing = false;
    await waitForHealth(this.process, t0);
    return { killedPid, healthyMs: performance.now() - t0 };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.process.stop(15_000);
  }

  private spawn(): ApiProcess {
    const api = spawnApi(this.entry, { dataDir: this.opts.dataDir, port: this.opts.port, env: this.opts.env });
    api.child.once('exit', (code, signal) => {
      if (this.killing || this.stopped) return;
      const message = `api (pid ${api.child.pid}) exited on its own (${signal ?? `code ${code}`}); output:\n${api.output().slice(-1500)}`;
      this.crashes.push(message);
      this.onCrash(message);
      this.process = this.spawn();
    });
    return api;
  }
}
