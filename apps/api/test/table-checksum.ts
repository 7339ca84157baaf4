import type { createTestDatabase } from '@fieldschool/db/testing';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** Tables a request may touch without writing anything: the caller's session (last seen) and the sign-in throttle. */
const BOOKKEEPING = ['auth_sessions', 'sign_in_throttle'];

/**
 * A checksum of every row of every table, in one query: md5 of each table's rows as text,
 * in order. Equal before and after a request means the request changed no row.
 */
export async function tableChecksum(db: TestDatabase): Promise<(() => Promise<Record<string, string>>)> {
  const { rows: tables } = await db.pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1)) ORDER BY 1`,
    [BOOKKEEPING],
  );
  const query = tables
    .map(({ name }) => `SELECT '${name}' AS name, (SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM "${name}" t) AS sum`)
    .join(' UNION ALL ');
  return async () => Object.fromEntries((await db.pool.query<{ name: string; sum: string }>(query)).rows.map((row) => [row.name, row.sum]));
}
