import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '@fieldschool/db';
import { seedCountyYear } from './seed-county-year.ts';

/*
 * The demo's county year (seed-county-year.ts: farmers up to 20,000 and about 45,000
 * attendances sent through the real sync handler) takes longer than a first start may
 * (under 15 s), so it is filled after the api is ready, in the background. A marker file in
 * DATA_DIR says the year is still owed: written with the demo's first seed, removed once the
 * year is in. A start that finds it (the api was stopped midway) goes on where the last one
 * stopped: the generator fills only the held sessions that have no attendances yet and tops
 * the farmers up to the county's number. Without the marker nothing runs, so a session a
 * user completes later never gets made-up attendances.
 */

const MARKER = 'demo-county-year.pending';

/** Called with the demo's first seed: the county year is owed. */
export function oweDemoCountyYear(dataDir: string): void {
  writeFileSync(path.join(dataDir, MARKER), 'The demo county year is being filled in the background; the api removes this file when it is done.\n');
}

export interface DemoCountyYear {
  /** Resolves when the year is in, or when it stopped (failed or asked to stop). */
  done: Promise<void>;
  /** Stops before the next batch and waits for the one under way. */
  stop(): Promise<void>;
}

/** Fills the owed county year in the background; undefined when none is owed. */
export function fillDemoCountyYear(db: Database, dataDir: string, idNumberKey: Buffer, log: (message: string) => void): DemoCountyYear | undefined {
  const marker = path.join(dataDir, MARKER);
  if (!existsSync(marker)) return undefined;
  const abort = new AbortController();
  const started = performance.now();
  log('demo: filling the county year in the background (about 45,000 attendances through the check-in sync)');
  const done = seedCountyYear(db, { idNumberKey, signal: abort.signal }).then(
    (made) => {
      rmSync(marker, { force: true });
      log(`demo: county year in after ${((performance.now() - started) / 1000).toFixed(0)} s: ${made.farmers} farmers added, ${made.attendances} attendances at ${made.sessions} sessions`);
    },
    (error: unknown) => {
      if (abort.signal.aborted) log('demo: county year stopped with the api; the next start goes on with it');
      else log(`demo: the county year could not be filled (${(error as Error).message}); the next start tries again`);
    },
  );
  return {
    done,
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}
