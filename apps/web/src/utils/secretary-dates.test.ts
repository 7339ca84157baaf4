import { afterEach, describe, expect, it, vi } from 'vitest';
import { countyToday, isAfterCountyToday, parseHouseholdNos, previousMonth } from './secretary-dates.ts';

describe('secretary dates and inputs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is the county's date, not the browser's or UTC's", () => {
    // 17:30 UTC is already the next morning in Baiyu.
    expect(countyToday(new Date('2026-12-01T17:30:00Z'))).toBe('2026-12-02');
    expect(countyToday(new Date('2026-12-01T15:30:00Z'))).toBe('2026-12-01');
  });

  it('reads household numbers separated by spaces, commas or 、, once each', () => {
    expect(parseHouseholdNos(' 07, 12，15、07  ')).toEqual(['07', '12', '15']);
    expect(parseHouseholdNos('')).toEqual([]);
  });

  it("disables a picker's day only when it is after today in the county", () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T17:30:00Z') });
    // The picker's local midnights, whatever zone the browser is in.
    expect(isAfterCountyToday(new Date(2026, 11, 2).getTime())).toBe(false);
    expect(isAfterCountyToday(new Date(2026, 11, 3).getTime())).toBe(true);
  });

  it('steps back a month, across the new year', () => {
    expect(previousMonth('2026-12')).toBe('2026-11');
    expect(previousMonth('2026-01')).toBe('2025-12');
  });
});
