// PostgreSQL refuses to run as root, so as root it runs as the system user "postgres".
// That user must be able to run the binaries and to reach the cluster's folder, which a
// checkout in a private home (/root, mode 0700) does not allow. Rather than loosen the
// permissions of anybody's home, we then run a copy of the binaries from /var/lib/fieldschool
// and keep the cluster there too, with DATA_DIR/pg a link to it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { runProgram, ServerStartError, type RunAs } from './server-process.ts';

/** Root-owned and world-traversable: where the postgres user can reach what it needs. */
export const SYSTEM_DIR = '/var/lib/fieldschool';

export const runningAsRoot = () => process.getuid?.() === 0;

/** The system user "postgres" (created once, without a home or login shell, when missing). */
export async function postgresUser(log: (line: string) => void): Promise<RunAs> {
  const lookUp = async (): Promise<RunAs> => ({
    name: 'postgres',
    uid: Number(await runProgram('id', ['-u', 'postgres'])),
    gid: Number(await runProgram('id', ['-g', 'postgres'])),
  });
  try {
    return await lookUp();
  } catch {
    await runProgram('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres']);
    log('created the system user "postgres" to run PostgreSQL as (it does not run as root)');
    return lookUp();
  }
}

const succeeds = (work: Promise<unknown>) => work.then(() => true, () => false);

/** Whether `user` can pass through every folder on the way to `folder` and into it. */
export const canTraverse = (user: RunAs, folder: string) =>
  succeeds(runProgram('/bin/sh', ['-c', 'test -x "$1"', 'sh', folder], { runAs: user, cwd: '/' }));

/** Whether `user` can run PostgreSQL from `nativeDir` (the bin/, lib/, share/ of the npm package). */
const canRunPostgres = (user: RunAs, nativeDir: string) =>
  succeeds(runProgram(path.join(nativeDir, 'bin', 'postgres'), ['--version'], { runAs: user, cwd: '/' }));

/**
 * The folder with bin/, lib/ and share/ that `user` can run PostgreSQL from: the npm
 * package's own, or a copy made once per package version under SYSTEM_DIR.
 */
export async function reachablePostgresBinaries(user: RunAs, nativeDir: string): Promise<{ nativeDir: string; copied: boolean }> {
  if (await canRunPostgres(user, nativeDir)) return { nativeDir, copied: false };
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(SYSTEM_DIR, `postgres-${version}`);
  if (!existsSync(copy)) {
    await mkdir(SYSTEM_DIR, { recursive: true, mode: 0o755 });
    // Copied aside and renamed, so a start interrupted half way never leaves a partial copy.
    const partial = `${copy}.partial-${process.pid}`;
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, copy).catch(() => rm(partial, { recursive: true, force: true }));
  }
  if (!(await canRunPostgres(user, copy))) {
    throw new ServerStartError(`the user "postgres" cannot run PostgreSQL from ${nativeDir} nor from its copy in ${copy}`);
  }
  return { nativeDir: copy, copied: true };
}

/**
 * Where the cluster of `dataDir` lives when PostgreSQL runs as `user`: DATA_DIR/pg itself
 * when the user can reach it, else SYSTEM_DIR/clusters/<hash of DATA_DIR> with DATA_DIR/pg
 * a link to it. The folder exists, belongs to `user` and is private to it (0700).
 */
export async function placeClusterFor(user: RunAs, dataDir: string, log: (line: string) => void): Promise<{ clusterDir: string; linked: boolean }> {
  const link = path.join(dataDir, 'pg');
  const existing = await lstat(link).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    const target = path.resolve(dataDir, await readlink(link));
    if (!existsSync(target)) {
      throw new ServerStartError(`${link} links to ${target}, which is gone: restore that folder, or remove the link to start with an empty database`);
    }
    return { clusterDir: target, linked: true };
  }
  if (existing) {
    if (!(await canTraverse(user, link))) {
      throw new ServerStartError(`the user "postgres" cannot reach the database in ${link}: move DATA_DIR to a folder it can reach (see "Embedded servers, as root" in docs/operations.md)`);
    }
    return { clusterDir: link, linked: false };
  }
  const linked = !(await canTraverse(user, dataDir));
  const clusterDir = linked ? path.join(SYSTEM_DIR, 'clusters', createHash('sha256').update(dataDir).digest('hex').slice(0, 16)) : link;
  await mkdir(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  if (linked && existsSync(clusterDir)) {
    // A cluster of an earlier DATA_DIR at this path, whose link was deleted with it: its
    // password went with that DATA_DIR, so start afresh, but destroy nothing.
    const aside = `${clusterDir}.unlinked-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(clusterDir, aside);
    log(`found an earlier database of ${dataDir} without its link; moved it to ${aside}`);
  }
  await mkdir(clusterDir, { mode: 0o700 });
  await chown(clusterDir, user.uid, user.gid);
  if (linked) await symlink(clusterDir, link);
  return { clusterDir, linked };
}
