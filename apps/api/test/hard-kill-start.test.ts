import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processesOf, readProbeRows, waitForNoProcessesOf, withDataDir, writeProbeRow } from './running-server.ts';

const isWatchdog = (argv: string[]) => argv.some((arg) => arg.endsWith('server-watchdog.mjs'));
const watchdogsOf = (dataDir: string) => processesOf(dataDir).filter((info) => isWatchdog(info.argv));
const serversOf = (dataDir: string) => processesOf(dataDir).filter((info) => !isWatchdog(info.argv));

describe('starting again after the api was killed hard', () => {
  it('leaves no PostgreSQL or Meilisearch behind after kill -9 of the api, and the next start has the data', () =>
    withDataDir(tmpdir(), async (dataDir, start) => {
      const first = await start();
      await first.healthy();
      await writeProbeRow(dataDir, 'before kill -9');
      expect(serversOf(dataDir).map((info) => path.basename(info.exe))).toEqual(expect.arrayContaining(['meilisearch', 'postgres']));
      first.child.kill('SIGKILL');
      await first.ended;
      // Their watchdogs saw the api go and stopped them.
      expect(await waitForNoProcessesOf(dataDir)).toEqual([]);

      const second = await start();
      await second.healthy();
      expect(await readProbeRows(dataDir)).toEqual(['before kill -9']);
      expect(await second.stop()).toBe(0);
      expect(await waitForNoProcessesOf(dataDir)).toEqual([]);
    }), 180_000);

  it('stops the servers an earlier run left running (its watchdogs killed too) and starts on the same data', () =>
    withDataDir(tmpdir(), async (dataDir, start) => {
      const first = await start();
      await first.healthy();
      await writeProbeRow(dataDir, 'before the orphans');
      const watchdogs = watchdogsOf(dataDir);
      expect(watchdogs).toHaveLength(2);
      for (const pid of [first.child.pid!, ...watchdogs.map((w) => w.pid)]) process.kill(pid, 'SIGKILL');
      await first.ended;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const orphans = serversOf(dataDir);
      expect(orphans.map((info) => path.basename(info.exe))).toEqual(expect.arrayContaining(['meilisearch', 'postgres']));

      const second = await start();
      await second.healthy();
      expect(second.output()).toMatch(/stopping the PostgreSQL \(pid \d+\) that an earlier run left running/);
      expect(second.output()).toMatch(/stopping the Meilisearch \(pid \d+\) that an earlier run left running/);
      expect(await readProbeRows(dataDir)).toEqual(['before the orphans']);
      const alive = serversOf(dataDir);
      expect(orphans.filter((o) => alive.some((p) => p.pid === o.pid && p.startTime === o.startTime))).toEqual([]);
      expect(await second.stop()).toBe(0);
      expect(await waitForNoProcessesOf(dataDir)).toEqual([]);
    }), 180_000);

  it('ends with one line and exit code 1 when PostgreSQL dies under it, and stops Meilisearch', () =>
    withDataDir(tmpdir(), async (dataDir, start) => {
      const api = await start();
      await api.healthy();
      const postmaster = serversOf(dataDir).find((info) => path.basename(info.exe) === 'postgres' && info.argv.includes('-D'))!;
      process.kill(postmaster.pid, 'SIGKILL');
      expect(await api.ended).toBe(1);
      expect(api.output()).toContain('PostgreSQL was killed by SIGKILL on its own.');
      expect(api.output()).not.toContain('Unhandled');
      expect(api.output()).not.toMatch(/^\s+at /m);
      expect(await waitForNoProcessesOf(dataDir)).toEqual([]);
    }), 180_000);

  it("refuses a second api on the same DATA_DIR instead of stopping the first one's servers", () =>
    withDataDir(tmpdir(), async (dataDir, start) => {
      const first = await start();
      await first.healthy();
      const second = await start();
      expect(await second.ended).toBe(1);
      expect(second.output()).toContain(`FieldSchool could not start: FieldSchool (pid ${first.child.pid}) is already running with DATA_DIR ${dataDir}`);
      expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
      expect(await first.stop()).toBe(0);
    }), 180_000);
});
