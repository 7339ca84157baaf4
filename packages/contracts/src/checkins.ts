import { Type, type Static } from 'typebox';
import { Phone, Timestamp, Uuid } from './common.ts';
import { Gender } from './farmers.ts';
import { CourseTopic } from './courses.ts';
import { SessionStatus } from './sessions.ts';
import { birthYearRange, textLimits } from './limits.ts';
import { MAX_SYNC_ITEMS, attendanceStatuses, checkInMethods, syncResults } from './constants.ts';

export const AttendanceStatus = Type.Enum(attendanceStatuses);
export type AttendanceStatus = Static<typeof AttendanceStatus>;

export const CheckInMethod = Type.Enum(checkInMethods);
export type CheckInMethod = Static<typeof CheckInMethod>;

export const SyncResult = Type.Enum(syncResults);
export type SyncResult = Static<typeof SyncResult>;

/** The phone names itself once (a UUID kept in IndexedDB); the audit log says which phone recorded what. */
export const DeviceId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' });

/** A walk-in not on any roster, registered on the phone with an id made there. */
export const ProvisionalFarmer = Type.Object(
  {
    id: Uuid,
    name: Type.String(textLimits.farmerName),
    villageId: Uuid,
    gender: Gender,
    birthYear: Type.Integer(birthYearRange),
    phone: Type.Optional(Phone),
  },
  { additionalProperties: false },
);
export type ProvisionalFarmer = Static<typeof ProvisionalFarmer>;

/**
 * One check-in as the phone recorded it. Exactly one of `farmerId` (a roster farmer, or a
 * provisional one sent before) and `provisionalFarmer` (a walk-in registered with it).
 */
export const CheckinItem = Type.Object(
  {
    kind: Type.Optional(Type.Literal('checkin')),
    id: Uuid,
    sessionId: Uuid,
    farmerId: Type.Optional(Uuid),
    provisionalFarmer: Type.Optional(ProvisionalFarmer),
    status: AttendanceStatus,
    method: CheckInMethod,
    checkedInAt: Timestamp,
  },
  { additionalProperties: false },
);
export type CheckinItem = Static<typeof CheckinItem>;

/**
 * The envelope only: each item is checked against its own kind's schema on the server, so
 * one malformed item is rejected on its own (`invalid_item`) and never fails the batch.
 */
export const SyncRequest = Type.Object(
  {
    deviceId: DeviceId,
    items: Type.Array(Type.Object({ id: Uuid, kind: Type.Optional(Type.String({ maxLength: 40 })) }), {
      minItems: 1,
      maxItems: MAX_SYNC_ITEMS,
    }),
  },
  { additionalProperties: false },
);
export type SyncRequest = Static<typeof SyncRequest>;

export const SyncItemResult = Type.Object({
  id: Uuid,
  result: SyncResult,
  attendanceId: Type.Optional(Uuid),
  recordId: Type.Optional(Uuid),
  /** A stable code when rejected (checkinRejectReasons, or another kind's own). */
  reason: Type.Optional(Type.String()),
});
export type SyncItemResult = Static<typeof SyncItemResult>;

export const SyncResponse = Type.Object({ results: Type.Array(SyncItemResult) });
export type SyncResponse = Static<typeof SyncResponse>;

/** A farmer as check-in needs them on the phone, and no more. */
export const OfflineRosterEntry = Type.Object({
  id: Uuid,
  name: Type.String(),
  namePinyinInitials: Type.String(),
  namePinyin: Type.String(),
  idNumberLast4: Type.Union([Type.String(), Type.Null()]),
  villageId: Uuid,
  householdNo: Type.Union([Type.String(), Type.Null()]),
  /** What the farmer's printed QR card holds. */
  cardToken: Type.String(),
});
export type OfflineRosterEntry = Static<typeof OfflineRosterEntry>;

/** `GET /api/v1/sessions/:id/offline`: everything check-in needs with no network. */
export const OfflineSession = Type.Object({
  session: Type.Object({
    id: Uuid,
    courseId: Uuid,
    courseTitle: Type.String(),
    topic: CourseTopic,
    villageId: Uuid,
    villageName: Type.String(),
    venue: Type.String(),
    startsAt: Timestamp,
    endsAt: Timestamp,
    status: SessionStatus,
    capacity: Type.Integer(),
    /** A check-in this many minutes after the start is late (set per course). */
    lateAfterMinutes: Type.Integer(),
  }),
  /** The invited villages, the roster's scope; walk-ins pick theirs from this list. */
  villages: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  roster: Type.Array(OfflineRosterEntry),
  /** The printed materials the course hands out. */
  materials: Type.Array(Type.Object({ id: Uuid, title: Type.String() })),
  /** Base64url secret behind the rotating self check-in code (contracts/checkin-code.ts). */
  checkinSecret: Type.String(),
  /** Who is already checked in, so the phone shows them ticked. */
  checkedIn: Type.Array(Type.Object({ farmerId: Uuid, status: AttendanceStatus, checkedInAt: Timestamp })),
  generatedAt: Timestamp,
  /** The phone drops this download after this time (unsynced check-ins stay). */
  expiresAt: Timestamp,
});
export type OfflineSession = Static<typeof OfflineSession>;

/** A farmer checking themselves in from the code on the trainer's screen: no account. */
export const SelfCheckinRequest = Type.Object(
  {
    sessionId: Uuid,
    code: Type.String({ pattern: '^[0-9]{8}$' }),
    name: Type.String(textLimits.farmerName),
    idNumberLast4: Type.String({ pattern: '^[0-9]{3}[0-9Xx]$' }),
  },
  { additionalProperties: false },
);
export type SelfCheckinRequest = Static<typeof SelfCheckinRequest>;

/** A write made once: its first time, or the same again (a no-op). */
export const CreatedOrDuplicate = Type.Enum(['created', 'duplicate'] as const);

export const SelfCheckinResponse = Type.Object({ result: CreatedOrDuplicate, farmerName: Type.String(), courseTitle: Type.String() });
export type SelfCheckinResponse = Static<typeof SelfCheckinResponse>;

/** `GET /api/v1/self-checkin/:id`: what the farmer's phone shows before they confirm (no account). */
export const SelfCheckinSession = Type.Object({
  sessionId: Uuid,
  courseTitle: Type.String(),
  villageName: Type.String(),
  venue: Type.String(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  status: SessionStatus,
});
export type SelfCheckinSession = Static<typeof SelfCheckinSession>;

/** `POST /api/v1/farmers/:id/merge`: an admin merges a (provisional) farmer into the one they really are. */
export const MergeFarmerRequest = Type.Object({ intoId: Uuid }, { additionalProperties: false });
export type MergeFarmerRequest = Static<typeof MergeFarmerRequest>;

export const MergeFarmerResponse = Type.Object({
  id: Uuid,
  intoId: Uuid,
  /** Attendances moved to the farmer merged into. */
  moved: Type.Integer(),
  /** Sessions both had attended: the earlier check-in was kept, the other removed. */
  collapsed: Type.Integer(),
});
export type MergeFarmerResponse = Static<typeof MergeFarmerResponse>;
