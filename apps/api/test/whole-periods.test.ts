import { describe, expect, it } from 'vitest';
import { wholeMonths, wholePeriod } from '../src/services/reports/whole-periods.ts';

describe('the periods distinct farmers are kept for', () => {
  it('names all time, a year or a month, and nothing else', () => {
    expect(wholePeriod(undefined, undefined)).toBe('');
    expect(wholePeriod('2031-01-01', '2031-12-31')).toBe('2031');
    expect(wholePeriod('2031-02-01', '2031-02-28')).toBe('2031-02');
    expect(wholePeriod('2032-02-01', '2032-02-29')).toBe('2032-02');
    for (const [from, to] of [
      ['2031-02-01', '2031-02-27'],
      ['2031-01-02', '2031-12-31'],
      ['2031-03-01', '2031-05-31'],
      ['2031-01-01', '2032-12-31'],
      ['2031-01-01', undefined],
      [undefined, '2031-12-31'],
    ] as const) {
      expect(wholePeriod(from, to), `${from}..${to}`).toBeNull();
    }
  });

  it('splits a range into months only when it cuts none', () => {
    expect(wholeMonths(undefined, undefined)).toEqual([]);
    expect(wholeMonths('2031-03-01', '2032-02-29')).toEqual(['2031-03', '2032-02']);
    expect(wholeMonths('2031-03-01', '2032-02-28')).toBeNull();
    expect(wholeMonths('2031-03-02', '2031-05-31')).toBeNull();
    expect(wholeMonths('2031-03-01', undefined)).toBeNull();
  });
});
