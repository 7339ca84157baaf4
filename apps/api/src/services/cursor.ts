import { AppError } from '../errors.ts';

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(keys: readonly string[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const keys: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(keys) && keys.length === length && keys.every((key) => typeof key === 'string')) return keys;
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'The cursor is not one this server handed out', { field: 'query.cursor' });
}

/** Rows are fetched one beyond the limit to learn whether another page exists. */
export function toPage<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, keysOf: (row: Row) => string[]) {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(keysOf(last)) : null,
  };
}
