import { describe, expect, it } from 'vitest';
import { countyToday, parseHouseholdNos } from './secretary-dates.ts';

describe('secretary dates and inputs', () => {
  it("is the county's date, not the browser's or UTC's", () => {
    // 17:30 UTC is already the next morning in Baiyu.
    expect(countyToday(new Date('2026-12-01T17:30:00Z'))).toBe('2026-12-02');
    expect(countyToday(new Date('2026-12-01T15:30:00Z'))).toBe('2026-12-01');
  });

  it('reads household numbers separated by spaces, commas or 、, once each', () => {
    expect(parseHouseholdNos(' 07, 12，15、07  ')).toEqual(['07', '12', '15']);
    expect(parseHouseholdNos('')).toEqual([]);
  });
});
