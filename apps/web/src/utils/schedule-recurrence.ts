import type { Recurrence, Weekday } from '@fieldschool/contracts';
import { weekdays } from '@fieldschool/contracts/constants';

/** How the session form asks about repeating; `none` is a single session. */
export type RepeatKind = 'none' | 'daily' | 'weekly' | 'monthlyDay' | 'monthlyWeekday';

export interface RepeatModel {
  kind: RepeatKind;
  /** Every N days, weeks or months. */
  interval: number;
  /** weekly: the days of the week. */
  weekdays: Weekday[];
  /** monthlyDay: the day of the month, -1 for the last. */
  monthDay: number;
  /** monthlyWeekday: the 1st–5th (or -1, the last) `ordinalWeekday` of the month. */
  setPos: number;
  ordinalWeekday: Weekday;
  end: 'until' | 'count';
  /** yyyy-MM-dd, in Asia/Shanghai, inclusive. */
  until: string | null;
  count: number;
}

/** A new form repeats nothing; once it does, it starts from the first session's own day. */
export function defaultRepeat(firstDay: { weekday: Weekday; monthDay: number }): RepeatModel {
  return {
    kind: 'none',
    interval: 1,
    weekdays: [firstDay.weekday],
    monthDay: firstDay.monthDay,
    setPos: Math.min(Math.ceil(firstDay.monthDay / 7), 4),
    ordinalWeekday: firstDay.weekday,
    end: 'count',
    until: null,
    count: 10,
  };
}

const weekOrder = (list: readonly Weekday[]) => [...list].sort((a, b) => weekdays.indexOf(a) - weekdays.indexOf(b));

/**
 * The form's answers as the api's recurrence (RFC 5545 terms): undefined for a single
 * session. Only what the chosen kind uses is sent, so a rule never carries a stale field.
 */
export function toRecurrence(model: RepeatModel): Recurrence | undefined {
  if (model.kind === 'none') return undefined;
  const ending = model.end === 'until' && model.until ? { until: model.until } : { count: model.count };
  const interval = model.interval > 1 ? { interval: model.interval } : {};
  switch (model.kind) {
    case 'daily':
      return { freq: 'daily', ...interval, ...ending };
    case 'weekly':
      return { freq: 'weekly', ...interval, weekdays: weekOrder(model.weekdays), ...ending };
    case 'monthlyDay':
      return { freq: 'monthly', ...interval, monthDay: model.monthDay, ...ending };
    case 'monthlyWeekday':
      return { freq: 'monthly', ...interval, weekdays: [model.ordinalWeekday], setPos: model.setPos, ...ending };
  }
}

/**
 * The RRULE value (RFC 5545 §3.3.10) of a recurrence, as a phone calendar and the api's
 * session_series store it: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10". UNTIL is the
 * last day, written as a DATE.
 */
export function toRrule(recurrence: Recurrence): string {
  const parts = [`FREQ=${recurrence.freq.toUpperCase()}`];
  if (recurrence.interval && recurrence.interval > 1) parts.push(`INTERVAL=${recurrence.interval}`);
  if (recurrence.weekdays) parts.push(`BYDAY=${weekOrder(recurrence.weekdays).join(',')}`);
  if (recurrence.monthDay !== undefined) parts.push(`BYMONTHDAY=${recurrence.monthDay}`);
  if (recurrence.setPos !== undefined) parts.push(`BYSETPOS=${recurrence.setPos}`);
  if (recurrence.until) parts.push(`UNTIL=${recurrence.until.replaceAll('-', '')}`);
  if (recurrence.count !== undefined) parts.push(`COUNT=${recurrence.count}`);
  return parts.join(';');
}
