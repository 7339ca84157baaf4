import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { evaluationCriteria, type EvaluationRules, type SaveSupervisionComment, type Supervision, type SupervisionComment, type SupervisionQuery, type SupervisionRow } from '@fieldschool/contracts';
import type { EvaluationCriterion, SecretarySettings } from '../../config.ts';
import { recordAudit, type Actor } from '../audit.ts';
import { getVisibleOrgUnit } from '../org-units.ts';
import type { Principal } from '../principal.ts';
import { firstDay, localMonth, nextMonth, quarterMonths } from './calendar.ts';
import { secretariesInArea } from './month-rule.ts';
import { visibleSecretary } from './scope.ts';
import { streamedXlsx, xlsxStream } from '../spreadsheets/xlsx-stream.ts';

/*
 * The score: each criterion's share met (capped at 1) times its weight, over the sum of the
 * weights, out of 100. Only months begun count, so a quarter under way is judged on its
 * months so far. Days: each month's days up to the rule (a month on leave counts as met).
 * Log entries: as many as the rule's days in each month. Matters done and sessions held in
 * the village: one of each a quarter.
 */
const TARGET_PER_QUARTER = { mattersDone: 1, sessionsHeld: 1 } as const;

export function evaluationRules(settings: SecretarySettings): EvaluationRules {
  const targets: Record<EvaluationCriterion, string> = {
    days: `${settings.requiredDays} days in the village each month (a month on approved leave counts as met)`,
    logEntries: `${settings.requiredDays} work-log entries each month`,
    mattersDone: `${TARGET_PER_QUARTER.mattersDone} practical matter done each quarter`,
    sessionsHeld: `${TARGET_PER_QUARTER.sessionsHeld} training session held in the village each quarter`,
  };
  return {
    requiredDays: settings.requiredDays,
    reminderDay: settings.reminderDay,
    maxDaysBack: settings.maxDaysBack,
    criteria: evaluationCriteria.map((criterion) => ({ criterion, weight: settings.weights[criterion], target: targets[criterion] })),
  };
}

export function score(settings: SecretarySettings, facts: { months: { days: number; entries: number; onLeave: boolean }[]; mattersDone: number; sessionsHeld: number; quarters: number }): number {
  const required = settings.requiredDays;
  const monthsBegun = facts.months.length;
  const share = (value: number, target: number) => (target <= 0 ? 1 : Math.min(1, value / target));
  const shares: Record<EvaluationCriterion, number> = {
    days: monthsBegun === 0 ? 1 : facts.months.reduce((sum, m) => sum + (m.onLeave ? 1 : share(m.days, required)), 0) / monthsBegun,
    logEntries: monthsBegun === 0 ? 1 : facts.months.reduce((sum, m) => sum + (m.onLeave ? 1 : share(m.entries, required)), 0) / monthsBegun,
    mattersDone: share(facts.mattersDone, TARGET_PER_QUARTER.mattersDone * facts.quarters),
    sessionsHeld: share(facts.sessionsHeld, TARGET_PER_QUARTER.sessionsHeld * facts.quarters),
  };
  const total = evaluationCriteria.reduce((sum, c) => sum + settings.weights[c], 0);
  const points = evaluationCriteria.reduce((sum, c) => sum + settings.weights[c] * shares[c], 0);
  return Math.round((points / total) * 1000) / 10;
}

function periodMonths(query: Pick<SupervisionQuery, 'year' | 'quarter'>): string[] {
  return query.quarter ? quarterMonths(query.year, query.quarter) : [1, 2, 3, 4].flatMap((q) => quarterMonths(query.year, q));
}

/** The evaluation view of an area: one row per secretary, from four grouped reads. */
export async function supervision(db: Database, principal: Principal, settings: SecretarySettings, query: SupervisionQuery, now = new Date()): Promise<Supervision> {
  const area = query.orgUnitId ? await getVisibleOrgUnit(db, principal, query.orgUnitId, 'query.orgUnitId') : { path: principal.orgUnitPath };
  const secretaries = await secretariesInArea(db, area.path);
  const months = periodMonths(query);
  // Once: date-fns-tz's local month costs about 10 µs, and the rows below ask it 1,900 times.
  const thisMonth = localMonth(now);
  const begun = months.filter((month) => month <= thisMonth);
  const from = firstDay(months[0]!);
  const until = firstDay(nextMonth(months.at(-1)!));
  const ids = `{${secretaries.map((s) => s.id).join(',')}}`;
  const villages = `{${secretaries.map((s) => s.villageId).join(',')}}`;
  const [days, leaves, matters, sessions, comments] = await Promise.all([
    // Days first (several entries may share one), then months (a date's first of the month, by
    // date arithmetic): two hash aggregates and a hash join on the ids, where count(DISTINCT)
    // over a text month sorted every entry and ANY() compared each one with every id.
    db.execute<{ secretary_id: string; month: string; days: number; entries: number }>(sql`
      SELECT d.secretary_id, to_char(d.month, 'YYYY-MM') AS month, count(*)::int AS days, sum(d.n)::int AS entries
      FROM (
        SELECT w.secretary_id, w.work_date - (extract(day FROM w.work_date)::int - 1) AS month, w.work_date, count(*) AS n
        FROM ${schema.workDayEntries} w JOIN unnest(${ids}::uuid[]) AS s(id) ON s.id = w.secretary_id
        WHERE w.work_date >= ${from}::date AND w.work_date < ${until}::date
        GROUP BY 1, 2, 3
      ) d
      GROUP BY d.secretary_id, d.month`),
    db.execute<{ secretary_id: string; month: string }>(sql`
      SELECT secretary_id, to_char(month, 'YYYY-MM') AS month FROM ${schema.secretaryLeaves}
      WHERE secretary_id = ANY(${ids}::uuid[]) AND month >= ${from}::date AND month < ${until}::date`),
    db.execute<{ village_id: string; n: number }>(sql`
      SELECT village_id, count(*)::int AS n FROM ${schema.practicalMatters}
      WHERE village_id = ANY(${villages}::uuid[]) AND status = 'done' AND done_on >= ${from}::date AND done_on < ${until}::date
      GROUP BY 1`),
    db.execute<{ village_id: string; n: number }>(sql`
      SELECT village_id, count(*)::int AS n FROM ${schema.trainingSessions}
      WHERE village_id = ANY(${villages}::uuid[]) AND status <> 'cancelled' AND starts_at < ${now.toISOString()}::timestamptz
        AND starts_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND starts_at < (${until}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      GROUP BY 1`),
    query.quarter
      ? db.execute<{ secretary_id: string; comment: string }>(sql`
          SELECT secretary_id, comment FROM ${schema.supervisionComments}
          WHERE secretary_id = ANY(${ids}::uuid[]) AND year = ${query.year} AND quarter = ${query.quarter}`)
      : Promise.resolve({ rows: [] as { secretary_id: string; comment: string }[] }),
  ]);
  const dayKey = new Map(days.rows.map((row) => [`${row.secretary_id}:${row.month}`, row]));
  const leaveKey = new Set(leaves.rows.map((row) => `${row.secretary_id}:${row.month}`));
  const mattersBy = new Map(matters.rows.map((row) => [row.village_id, row.n]));
  const sessionsBy = new Map(sessions.rows.map((row) => [row.village_id, row.n]));
  const commentBy = new Map(comments.rows.map((row) => [row.secretary_id, row.comment]));
  const quarters = query.quarter ? 1 : Math.max(1, Math.ceil(begun.length / 3));
  const rows: SupervisionRow[] = secretaries.map((s) => {
    const perMonth = begun.map((month) => {
      const worked = dayKey.get(`${s.id}:${month}`);
      const onLeave = leaveKey.has(`${s.id}:${month}`);
      const daysWorked = worked?.days ?? 0;
      // A month still under way is not a shortfall yet.
      return { month, days: daysWorked, entries: worked?.entries ?? 0, onLeave, shortfall: month < thisMonth && !onLeave && daysWorked < settings.requiredDays };
    });
    const facts = { months: perMonth, mattersDone: mattersBy.get(s.villageId) ?? 0, sessionsHeld: sessionsBy.get(s.villageId) ?? 0, quarters };
    return {
      secretaryId: s.id,
      secretaryName: s.name,
      villageId: s.villageId,
      villageName: s.villageName,
      townshipName: s.townshipName,
      months: perMonth,
      logEntries: perMonth.reduce((sum, m) => sum + m.entries, 0),
      mattersDone: facts.mattersDone,
      sessionsHeld: facts.sessionsHeld,
      score: score(settings, facts),
      comment: commentBy.get(s.id) ?? null,
    };
  });
  return { year: query.year, quarter: query.quarter ?? null, rows };
}

export async function saveSupervisionComment(db: Database, principal: Principal, actor: Actor, secretaryId: string, input: SaveSupervisionComment): Promise<SupervisionComment> {
  const secretary = await visibleSecretary(db, principal, secretaryId);
  const c = schema.supervisionComments;
  const row = await db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(c)
      .values({ secretaryId: secretary.id, year: input.year, quarter: input.quarter, comment: input.comment.trim(), authorId: principal.id })
      .onConflictDoUpdate({ target: [c.secretaryId, c.year, c.quarter], set: { comment: input.comment.trim(), authorId: principal.id, updatedAt: new Date() } })
      .returning();
    await recordAudit(tx, actor, { action: 'supervision_comment.save', entity: 'secretary', entityId: secretary.id, after: saved });
    return saved!;
  });
  return { secretaryId: row.secretaryId, year: row.year, quarter: row.quarter, comment: row.comment, authorId: row.authorId, updatedAt: row.updatedAt.toISOString() };
}

/** The evaluation as an .xlsx; the supervisors edit it, so texts stay text (see xlsx-stream.ts). */
export function supervisionWorkbook(view: Supervision): Readable {
  const months = view.rows[0]?.months.map((m) => m.month) ?? [];
  const columns = [
    { header: '乡镇', width: 10 },
    { header: '村', width: 10 },
    { header: '第一书记', width: 12 },
    ...months.map((month) => ({ header: `${month} 驻村天数`, width: 14 })),
    { header: '工作日志条数', width: 12 },
    { header: '办结实事', width: 10 },
    { header: '村内培训场次', width: 12 },
    { header: '得分', width: 8 },
    { header: '督导意见', width: 40 },
  ];
  const out = xlsxStream(view.quarter ? `${view.year}年第${view.quarter}季度` : `${view.year}年`, columns, { editable: true });
  return streamedXlsx(out, async () => {
    for (const row of view.rows) {
      await out.addRow([
        row.townshipName,
        row.villageName,
        row.secretaryName,
        ...row.months.map((m) => (m.onLeave ? `${m.days}（请假）` : m.days)),
        row.logEntries,
        row.mattersDone,
        row.sessionsHeld,
        row.score,
        row.comment ?? '',
      ]);
    }
  });
}
