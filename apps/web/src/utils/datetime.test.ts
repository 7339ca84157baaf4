import { describe, expect, it } from 'vitest';
import { formatDateTime } from './datetime.ts';

describe('formatDateTime', () => {
  it('shows UTC instants in Asia/Shanghai (UTC+8), crossing midnight', () => {
    expect(formatDateTime('2024-01-01T16:30:00Z')).toBe('2024-01-02 00:30');
    expect(formatDateTime('2024-07-15T01:05:00.000Z')).toBe('2024-07-15 09:05');
  });

  it('accepts Date objects and returns an empty string for garbage', () => {
    expect(formatDateTime(new Date(Date.UTC(2023, 11, 31, 15, 59)))).toBe('2023-12-31 23:59');
    expect(formatDateTime('not a date')).toBe('');
  });
});
