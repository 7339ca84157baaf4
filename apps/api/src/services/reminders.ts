import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, eq, sql } from 'drizzle-orm';
import type { TaskList } from 'graphile-worker';
import { schema, type Database } from '@fieldschool/db';
import { SCHEDULE_TIME_ZONE } from '@fieldschool/contracts';
import { addJobs, removeJobs } from './job-queue.ts';

/**
 * Reminders: the day before a session, at REMINDER_HOUR in Asia/Shanghai, its trainers and
 * the secretaries of the villages it is held in and invites hear of it. One queue job per
 * session, keyed by the session, added in the transaction that saves the session.
 */

export const REMINDER_TASK = 'session_reminder';
/** Local hour, the evening before, when reminders go out. */
export const REMINDER_HOUR = 18;
/** A sender that keeps failing is tried this many times in all, e^n seconds apart (about 3.5 hours; one that comes after the session began sends nothing). */
const REMINDER_ATTEMPTS = 10;

type Executor = Pick<Database, 'execute'>;

export interface Reminder {
  sessionId: string;
  courseTitle: string;
  villageName: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  recipient: { id: string; name: string; role: 'admin' | 'trainer' | 'secretary'; phone: string | null };
}

/** A message to one person about something other than a session (a secretary's days this month, a township's shortfalls). */
export interface Notice {
  recipient: Reminder['recipient'];
  /** What the person reads, in Chinese. */
  text: string;
}

/**
 * Delivers one reminder to one person, or throws (the queue retries later). An SMS sender
 * implements this and is passed to `reminderTasks` (and the secretaries' tasks) instead of
 * the log sender.
 */
export interface ReminderSender {
  /** Recorded with each delivery, e.g. 'log' or 'sms'. */
  readonly channel: string;
  send(reminder: Reminder): Promise<void>;
  notify(notice: Notice): Promise<void>;
}

/** The message a person receives, in Chinese, times in Asia/Shanghai. */
export function reminderText(reminder: Reminder): string {
  const day = format(new TZDate(reminder.startsAt, SCHEDULE_TIME_ZONE), 'M月d日 HH:mm');
  const end = format(new TZDate(reminder.endsAt, SCHEDULE_TIME_ZONE), 'HH:mm');
  const place = reminder.venue ? `${reminder.villageName}${reminder.venue}` : reminder.villageName;
  return `【FieldSchool】培训提醒：${day}–${end}在${place}举办“${reminder.courseTitle}”。`;
}

/** The default sender: writes each reminder as a line of the api's output (no phone numbers in it). */
export function logReminderSender(write: (line: string) => void): ReminderSender {
  return {
    channel: 'log',
    send: async (reminder) => write(`reminder to ${reminder.recipient.name} (user ${reminder.recipient.id}, session ${reminder.sessionId}): ${reminderText(reminder)}`),
    notify: async (notice) => write(`notice to ${notice.recipient.name} (user ${notice.recipient.id}): ${notice.text}`),
  };
}

/** When the reminder for a session starting at `startsAt` goes out; null when it is too late for one. */
export function reminderTime(startsAt: Date, now: Date): Date | null {
  if (startsAt <= now) return null;
  const local = new TZDate(startsAt, SCHEDULE_TIME_ZONE);
  const dayBefore = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - 1, REMINDER_HOUR, 0, 0, SCHEDULE_TIME_ZONE);
  // A session planned after its reminder time (it starts within about a day) is announced at once.
  return dayBefore > now ? new Date(dayBefore.getTime()) : now;
}

/** The queue key of a session's reminder job. */
export const reminderJobKey = (sessionId: string) => `${REMINDER_TASK}:${sessionId}`;

/**
 * Brings the reminder jobs of saved sessions in line with them, in the caller's transaction:
 * a scheduled session to come gets its job (moved with it), any other loses it.
 */
export async function scheduleReminders(tx: Executor, sessions: ReadonlyArray<{ id: string; startsAt: Date; status: string }>, now: Date): Promise<void> {
  const due = sessions.map((session) => ({ session, runAt: session.status === 'scheduled' ? reminderTime(session.startsAt, now) : null }));
  await addJobs(
    tx,
    due.flatMap(({ session, runAt }) => (runAt ? [{ task: REMINDER_TASK, payload: { sessionId: session.id }, runAt, key: reminderJobKey(session.id), maxAttempts: REMINDER_ATTEMPTS }] : [])),
  );
  await removeJobs(
    tx,
    due.filter(({ runAt }) => !runAt).map(({ session }) => reminderJobKey(session.id)),
  );
}

/** Who hears of a session: its trainers and the active secretaries of its village and invited villages. */
async function recipientsOf(db: Database, session: { id: string; villageId: string }) {
  const u = schema.users;
  return db
    .select({ id: u.id, name: u.displayName, role: u.role, phone: u.phone })
    .from(u)
    .where(
      and(
        eq(u.active, true),
        sql`(${u.id} IN (SELECT ${schema.sessionTrainers.trainerId} FROM ${schema.sessionTrainers} WHERE ${schema.sessionTrainers.sessionId} = ${session.id})
          OR (${u.role} = 'secretary' AND (${u.orgUnitId} = ${session.villageId}
            OR ${u.orgUnitId} IN (SELECT ${schema.sessionTargetVillages.villageId} FROM ${schema.sessionTargetVillages} WHERE ${schema.sessionTargetVillages.sessionId} = ${session.id}))))`,
      ),
    )
    .orderBy(u.displayName);
}

/**
 * Sends a session's reminders, each person at most once for the start it announces: the
 * delivery row is inserted, the sender called, and both commit together; a sender that
 * throws rolls its row back, so the retry sends to exactly those not yet reached. Another
 * worker holding the same row waits on it and then finds it taken.
 */
export async function sendSessionReminders(db: Database, sender: ReminderSender, sessionId: string, now = new Date()): Promise<number> {
  const [session] = await db
    .select({
      id: schema.trainingSessions.id,
      status: schema.trainingSessions.status,
      startsAt: schema.trainingSessions.startsAt,
      endsAt: schema.trainingSessions.endsAt,
      venue: schema.trainingSessions.venue,
      villageId: schema.trainingSessions.villageId,
      villageName: schema.orgUnits.name,
      courseTitle: schema.courses.title,
    })
    .from(schema.trainingSessions)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.trainingSessions.villageId))
    .innerJoin(schema.courses, eq(schema.courses.id, schema.trainingSessions.courseId))
    .where(eq(schema.trainingSessions.id, sessionId));
  // Cancelled, started or gone since the job was queued: nothing to announce.
  if (!session || session.status !== 'scheduled' || session.startsAt <= now) return 0;
  let sent = 0;
  for (const recipient of await recipientsOf(db, session)) {
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(schema.sentReminders)
        .values({ sessionId, recipientId: recipient.id, startsAt: session.startsAt, channel: sender.channel })
        .onConflictDoNothing()
        .returning({ sessionId: schema.sentReminders.sessionId });
      if (claimed.length === 0) return;
      await sender.send({ sessionId, courseTitle: session.courseTitle, villageName: session.villageName, venue: session.venue, startsAt: session.startsAt, endsAt: session.endsAt, recipient });
      sent += 1;
    });
  }
  return sent;
}

/** The queue's tasks for reminders, sending through `sender`. */
export function reminderTasks(db: Database, sender: ReminderSender): TaskList {
  return {
    [REMINDER_TASK]: async (payload) => {
      await sendSessionReminders(db, sender, (payload as { sessionId: string }).sessionId);
    },
  };
}
