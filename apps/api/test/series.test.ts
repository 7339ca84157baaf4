import { afterEach, describe, expect, it } from 'vitest';
import type { Recurrence } from '@fieldschool/contracts';
import { followingRule, occurrencesOf } from '../src/services/series.ts';
import { at } from './scheduling-fixtures.ts';

/** Starts of a series as Asia/Shanghai wall-clock times, the way a trainer reads them. */
function localStarts(recurrence: Recurrence, firstLocal: string): string[] {
  return occurrencesOf(recurrence, new Date(at(firstLocal))).starts.map((start) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(start).replace(' ', 'T'),
  );
}

const processZone = process.env.TZ;
afterEach(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

describe('series expansion (RFC 5545, in Asia/Shanghai)', () => {
  it('crosses month ends day by day', () => {
    expect(localStarts({ freq: 'daily', count: 4 }, '2031-01-30T09:00')).toEqual(['2031-01-30T09:00', '2031-01-31T09:00', '2031-02-01T09:00', '2031-02-02T09:00']);
  });

  it('skips months without the day, or takes the last day when asked', () => {
    expect(localStarts({ freq: 'monthly', monthDay: 31, count: 4 }, '2031-01-31T09:00')).toEqual(['2031-01-31T09:00', '2031-03-31T09:00', '2031-05-31T09:00', '2031-07-31T09:00']);
    expect(localStarts({ freq: 'monthly', monthDay: -1, count: 4 }, '2028-01-31T09:00')).toEqual(['2028-01-31T09:00', '2028-02-29T09:00', '2028-03-31T09:00', '2028-04-30T09:00']);
  });

  it('has the leap day 2028-02-29, and no 29 February in 2027', () => {
    expect(localStarts({ freq: 'daily', count: 3 }, '2028-02-28T10:00')).toEqual(['2028-02-28T10:00', '2028-02-29T10:00', '2028-03-01T10:00']);
    expect(localStarts({ freq: 'monthly', count: 3 }, '2028-01-29T10:00')).toEqual(['2028-01-29T10:00', '2028-02-29T10:00', '2028-03-29T10:00']);
    expect(localStarts({ freq: 'monthly', count: 3 }, '2027-01-29T10:00')).toEqual(['2027-01-29T10:00', '2027-03-29T10:00', '2027-04-29T10:00']);
    expect(localStarts({ freq: 'weekly', weekdays: ['TU'], until: '2028-03-07' }, '2028-02-22T14:00')).toEqual(['2028-02-22T14:00', '2028-02-29T14:00', '2028-03-07T14:00']);
  });

  it('keeps the weekday and the until date of Asia/Shanghai, not of UTC, at the day boundary', () => {
    // 07:30 on a Tuesday in Shanghai is 23:30 on Monday in UTC.
    const { starts } = occurrencesOf({ freq: 'weekly', weekdays: ['TU'], until: '2031-04-15' }, new Date(at('2031-04-01T07:30')));
    expect(starts.map((start) => start.toISOString())).toEqual(['2031-03-31T23:30:00.000Z', '2031-04-07T23:30:00.000Z', '2031-04-14T23:30:00.000Z']);
    // Until includes the whole local day: 23:30 on the 15th is in, 00:30 on the 16th (still the 15th in UTC) is out.
    expect(localStarts({ freq: 'daily', until: '2031-04-15' }, '2031-04-14T23:30')).toEqual(['2031-04-14T23:30', '2031-04-15T23:30']);
    expect(localStarts({ freq: 'daily', until: '2031-04-15' }, '2031-04-15T00:30')).toEqual(['2031-04-15T00:30']);
  });

  it('gives the same times whatever zone the server runs in', () => {
    const expand = () => occurrencesOf({ freq: 'weekly', weekdays: ['MO', 'TH'], count: 6 }, new Date(at('2031-10-27T08:00'))).starts.map((d) => d.toISOString());
    process.env.TZ = 'UTC';
    const inUtc = expand();
    process.env.TZ = 'America/New_York'; // which changes its clocks on 2031-11-02, inside the series
    const inNewYork = expand();
    expect(inNewYork).toEqual(inUtc);
    expect(inUtc.every((iso) => iso.endsWith('T00:00:00.000Z'))).toBe(true);
  });

  it('repeats on chosen weekdays every N weeks, and monthly on the 2nd Tuesday or the last Friday', () => {
    expect(localStarts({ freq: 'weekly', interval: 2, weekdays: ['MO', 'WE'], count: 4 }, '2031-03-03T09:00')).toEqual(['2031-03-03T09:00', '2031-03-05T09:00', '2031-03-17T09:00', '2031-03-19T09:00']);
    expect(localStarts({ freq: 'monthly', weekdays: ['TU'], setPos: 2, count: 3 }, '2031-01-01T09:00')).toEqual(['2031-01-14T09:00', '2031-02-11T09:00', '2031-03-11T09:00']);
    expect(localStarts({ freq: 'monthly', weekdays: ['FR'], setPos: -1, count: 2 }, '2031-01-01T09:00')).toEqual(['2031-01-31T09:00', '2031-02-28T09:00']);
  });

  it('moves the weekdays of the split-off rule with its sessions', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=MO,TH;WKST=MO;UNTIL=20311231T155959Z';
    expect(followingRule(rule, new Date(at('2031-09-01T09:00')), new Date(at('2031-09-02T10:00')), 5)).toBe('FREQ=WEEKLY;BYDAY=TU,FR;WKST=MO;COUNT=5');
    expect(followingRule('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=9', new Date(at('2031-09-09T09:00')), new Date(at('2031-09-09T15:00')), 4)).toBe('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=4');
  });
});
