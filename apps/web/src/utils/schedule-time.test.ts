import { describe, expect, it } from 'vitest';
import { minutesBetween, sessionTimes, shanghaiParts, shanghaiToIso } from './schedule-time.ts';

describe('schedule time', () => {
  it('reads a Beijing wall-clock time as UTC+8, across the day boundary', () => {
    expect(shanghaiToIso('2031-03-04', '09:00')).toBe('2031-03-04T01:00:00.000Z');
    expect(shanghaiToIso('2031-03-04', '07:30')).toBe('2031-03-03T23:30:00.000Z');
  });

  it('gives back the Beijing date, time and weekday of an instant', () => {
    expect(shanghaiParts('2031-03-03T23:30:00.000Z')).toEqual({ date: '2031-03-04', time: '07:30', weekday: 'TU' });
    expect(shanghaiParts('2028-02-29T02:00:00.000Z')).toEqual({ date: '2028-02-29', time: '10:00', weekday: 'TU' });
  });

  it('writes when a session is in Beijing time, the end as a time of day', () => {
    expect(sessionTimes({ startsAt: '2031-03-03T23:30:00.000Z', endsAt: '2031-03-04T01:30:00.000Z' })).toBe('2031-03-04 07:30–09:30');
  });

  it('counts minutes between two instants', () => {
    expect(minutesBetween('2031-03-04T01:00:00.000Z', '2031-03-04T03:30:00.000Z')).toBe(150);
  });
});
