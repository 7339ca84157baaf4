import { Type, type Static } from 'typebox';

const ComponentState = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });

export const Health = Type.Object({
  status: Type.Enum(['ok', 'degraded']),
  database: ComponentState,
  search: ComponentState,
  outbox: Type.Object({
    pending: Type.Integer(),
    /** Seconds the oldest unapplied change has waited; 0 when none. */
    lagSeconds: Type.Number(),
    failing: Type.Integer(),
  }),
  version: Type.String(),
});
export type Health = Static<typeof Health>;
