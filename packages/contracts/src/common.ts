import { Type, type Static, type TSchema } from 'typebox';
import { textLimits } from './limits.ts';

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

/** Timestamps travel as ISO 8601 in UTC; the web app shows them in Asia/Shanghai. */
export const Timestamp = Type.String({ format: 'date-time' });

/** A mainland mobile number, for users and farmers alike. */
export const Phone = Type.String(textLimits.phone);

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
/** Opaque cursor handed out by the previous page. */
export const Cursor = Type.String({ maxLength: 500 });

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    /** Pass as `cursor` to get the next page; null on the last page. */
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}

export const Ok = Type.Object({ ok: Type.Boolean() });
export type Ok = Static<typeof Ok>;
