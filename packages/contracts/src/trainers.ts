import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/**
 * Who can teach a session: an active trainer or admin. Planners (trainers too, who may not
 * list users) pick a session's trainers from this list.
 */
export const Trainer = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  orgUnitId: Uuid,
  orgUnitName: Type.String(),
});
export type Trainer = Static<typeof Trainer>;

export const TrainerQuery = Type.Object(
  {
    /** Only those whose area holds this village: the ones a session there may have. */
    villageId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type TrainerQuery = Static<typeof TrainerQuery>;

export const TrainerList = Type.Object({ items: Type.Array(Trainer) });
export type TrainerList = Static<typeof TrainerList>;
