import { sql } from 'drizzle-orm';

/*
 * Many rows sent as a few typed array parameters instead of a parameter per value: the driver
 * writes each array literal once, drizzle builds a statement of a few parameters (building one
 * with 15,000 cost a second a 20,000-row import), and the planner counts unnest's elements (it
 * guesses 100 rows for jsonb_to_recordset), so a single row is planned with index lookups.
 */

export type ArrayType = 'int' | 'uuid' | 'text' | 'timestamptz' | 'boolean' | 'jsonb';

/** An array parameter, typed; the driver writes the array literal. */
export const array = (values: readonly unknown[], type: ArrayType) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

export const uuids = (ids: readonly string[]) => array(ids, 'uuid');

/** `unnest(…) AS x(name, …)`: the rows as parallel arrays, one per picked column. */
export const columns = <T>(rows: readonly T[], pick: { [name: string]: [type: ArrayType, (row: T, index: number) => unknown] }) => {
  const names = Object.keys(pick);
  return sql`unnest(${sql.join(names.map((name) => array(rows.map((row, index) => pick[name]![1](row, index)), pick[name]![0])), sql`, `)}) AS x(${sql.raw(names.join(', '))})`;
};
