import { describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readlink, rm } from 'node:fs/promises';
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { buildApiInto, readProbeRows, waitForNoProcessesOf, withDataDir, writeProbeRow } from './running-server.ts';

const asRoot = process.getuid?.() === 0;

// A clone in root's home (mode 0700), where the user "postgres" that PostgreSQL runs as
// reaches neither the binaries in node_modules nor ./data. Only root meets this case.
describe.skipIf(!asRoot)('starting from a folder the postgres user cannot traverse (only as root: PostgreSQL runs as "postgres" only then)', () => {
  it('starts, with the cluster in /var/lib/fieldschool and DATA_DIR/pg linking there, and keeps it on the next start', async () => {
    const home = await mkdtemp('/root/fieldschool-private-');
    await chmod(home, 0o700);
    try {
      const entry = await buildApiInto(home);
      await withDataDir(home, async (dataDir, start) => {
        const first = await start(entry);
        await first.healthy();
        expect(first.output()).toMatch(/PostgreSQL runs as the user "postgres": it cannot reach the binaries in node_modules, so it runs a copy in \/var\/lib\/fieldschool\/postgres-/);
        expect(first.output()).toContain(`it cannot reach ${dataDir}, so the database lives in /var/lib/fieldschool/clusters/`);
        expect(lstatSync(path.join(dataDir, 'pg')).isSymbolicLink()).toBe(true);
        const clusterDir = await readlink(path.join(dataDir, 'pg'));
        expect(clusterDir).toMatch(/^\/var\/lib\/fieldschool\/clusters\/[0-9a-f]{16}$/);
        expect(lstatSync(home).mode & 0o777).toBe(0o700); // never loosened
        await writeProbeRow(dataDir, 'written before the restart');
        expect(await first.stop()).toBe(0);
        expect(await waitForNoProcessesOf(dataDir)).toEqual([]);

        const second = await start(entry);
        await second.healthy();
        expect(await readlink(path.join(dataDir, 'pg'))).toBe(clusterDir);
        expect(await readProbeRows(dataDir)).toEqual(['written before the restart']);
        expect(await second.stop()).toBe(0);
      });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 240_000);
});
