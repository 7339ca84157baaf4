import { describe, expect, it } from 'vitest';
import { localDate, localDateTime } from './local-clock.ts';

// Asia/Shanghai has kept UTC+8 without summer time since 1991: the oracle is plain arithmetic.
const plusEight = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString();

describe('the county wall clock', () => {
  it('is UTC+8 over seven years of minutes, midnights and new years included', () => {
    const start = Date.UTC(2019, 11, 31, 15, 58);
    for (let i = 0; i < 20_000; i += 1) {
      // An odd step (3 h 11 min) lands on every minute of the day over the years.
      const at = new Date(start + i * 191 * 60_000 + (i % 60) * 1000);
      const iso = plusEight(at);
      expect(localDateTime(at)).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 16)}`);
      expect(localDate(at)).toBe(iso.slice(0, 10));
    }
    expect(localDateTime(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01 00:00');
  });
});
