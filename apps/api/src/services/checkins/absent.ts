import { sql } from 'drizzle-orm';
import type { Database } from '@fieldschool/db';

type Executor = Pick<Database, 'execute'>;

/**
 * When a session is completed, every invited farmer without an attendance gets one with
 * status `absent`: invited means registered (and not merged away) in the session's village
 * or one of its target villages at that moment. The unique (session, farmer) key makes it
 * idempotent, and a check-in that syncs later replaces the absent (checkin-items.ts).
 * Absent rows carry method `roster`, device `server`, the person who completed the session
 * and the session's end as their time. Gives how many were marked.
 */
export async function markAbsentees(tx: Executor, sessionId: string, completedBy: string): Promise<number> {
  const result = await tx.execute(sql`
    INSERT INTO attendances (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at)
    SELECT gen_random_uuid(), s.id, f.id, 'absent', 'roster', 'server', ${completedBy}, s.ends_at
    FROM training_sessions s
    JOIN farmers f ON f.merged_into_id IS NULL
      AND (f.village_id = s.village_id OR f.village_id IN (SELECT village_id FROM session_target_villages WHERE session_id = s.id))
    WHERE s.id = ${sessionId}
    ORDER BY f.id
    ON CONFLICT (session_id, farmer_id) DO NOTHING`);
  return result.rowCount ?? 0;
}
