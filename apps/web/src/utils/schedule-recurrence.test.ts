import { describe, expect, it } from 'vitest';
import { defaultRepeat, toRecurrence, toRrule, type RepeatModel } from './schedule-recurrence.ts';

const repeat = (overrides: Partial<RepeatModel>): RepeatModel => ({ ...defaultRepeat({ weekday: 'TU', monthDay: 11 }), ...overrides });

describe('session recurrence', () => {
  it('is nothing for a single session', () => {
    expect(toRecurrence(repeat({ kind: 'none' }))).toBeUndefined();
  });

  it('starts a weekly rule on the first session’s weekday, the nth of its month', () => {
    expect(defaultRepeat({ weekday: 'TU', monthDay: 11 })).toMatchObject({ weekdays: ['TU'], ordinalWeekday: 'TU', monthDay: 11, setPos: 2 });
    // The 29th–31st are never a "5th" by default: not every month has one.
    expect(defaultRepeat({ weekday: 'FR', monthDay: 30 }).setPos).toBe(4);
  });

  it('repeats daily until a date', () => {
    const recurrence = toRecurrence(repeat({ kind: 'daily', end: 'until', until: '2031-03-31' }))!;
    expect(recurrence).toEqual({ freq: 'daily', until: '2031-03-31' });
    expect(toRrule(recurrence)).toBe('FREQ=DAILY;UNTIL=20310331');
  });

  it('repeats every two weeks on chosen weekdays, in week order, for a count', () => {
    const recurrence = toRecurrence(repeat({ kind: 'weekly', interval: 2, weekdays: ['TH', 'MO'], count: 12 }))!;
    expect(recurrence).toEqual({ freq: 'weekly', interval: 2, weekdays: ['MO', 'TH'], count: 12 });
    expect(toRrule(recurrence)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=12');
  });

  it('repeats monthly on a day, the last day included', () => {
    expect(toRrule(toRecurrence(repeat({ kind: 'monthlyDay', monthDay: -1, count: 6 }))!)).toBe('FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6');
  });

  it('repeats monthly on the nth or the last weekday', () => {
    const second = toRecurrence(repeat({ kind: 'monthlyWeekday', setPos: 2, ordinalWeekday: 'TU', end: 'until', until: '2031-12-31' }))!;
    expect(second).toEqual({ freq: 'monthly', weekdays: ['TU'], setPos: 2, until: '2031-12-31' });
    expect(toRrule(second)).toBe('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20311231');
    expect(toRrule(toRecurrence(repeat({ kind: 'monthlyWeekday', setPos: -1, ordinalWeekday: 'FR', count: 3 }))!)).toBe('FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=3');
  });

  it('falls back to the count when "until" has no date yet, and sends no field another kind uses', () => {
    expect(toRecurrence(repeat({ kind: 'daily', end: 'until', until: null, count: 5, weekdays: ['MO'] }))).toEqual({ freq: 'daily', count: 5 });
  });
});
