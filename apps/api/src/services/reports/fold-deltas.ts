import { sql } from 'drizzle-orm';
import type { TaskList } from 'graphile-worker';
import type { Database } from '@fieldschool/db';

/*
 * Writers append each change of a session's figures to report_session_deltas (migration
 * 0011) and reports add the deltas to the folded row, so figures are exact whether or not
 * this ran; folding only keeps the deltas few, so what reports add up stays small.
 */

export const REPORT_FOLD_TASK = 'report_fold_deltas';

/** Once a minute, one job at a time across every api process (graphile-worker's cron keeps one schedule). */
export const REPORT_FOLD_CRONTAB = `* * * * * ${REPORT_FOLD_TASK} ?jobKey=${REPORT_FOLD_TASK}&max=1`;

/** Folds every delta into its session's row in one statement; answers how many deltas it moved. */
export async function foldReportDeltas(db: Pick<Database, 'execute'>): Promise<number> {
  const { rows } = await db.execute<{ moved: number }>(sql`SELECT report_fold_deltas() AS moved`);
  return rows[0]!.moved;
}

export function reportFoldTasks(db: Database): TaskList {
  return {
    [REPORT_FOLD_TASK]: async () => {
      await foldReportDeltas(db);
    },
  };
}
