import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { localDate, localDateTime } from './local-clock.ts';

describe('the county wall clock', () => {
  it('agrees with date-fns-tz on Asia/Shanghai over seven years of minutes, midnights and new years included', () => {
    const start = Date.UTC(2019, 11, 31, 15, 58);
    for (let i = 0; i < 20_000; i += 1) {
      // An odd step (about 3 h 11 min) lands on every minute of the day over the years.
      const at = new Date(start + i * 191 * 60_000 + (i % 60) * 1000);
      const zoned = new TZDate(at, 'Asia/Shanghai');
      expect(localDateTime(at)).toBe(format(zoned, 'yyyy-MM-dd HH:mm'));
      expect(localDate(at)).toBe(format(zoned, 'yyyy-MM-dd'));
    }
    expect(localDateTime(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01 00:00');
  });
});
