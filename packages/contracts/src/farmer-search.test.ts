import { describe, expect, it } from 'vitest';
import { farmerMatches, farmerSearchKind } from './farmer-search.ts';

const lhamo = { name: '泽仁拉姆', namePinyin: 'zerenlamu', namePinyinInitials: 'zrlm', idNumberLast4: '204X', phone: '13812345678' };

describe('farmer search', () => {
  it('reads what was typed as the farmers page does', () => {
    expect(farmerSearchKind('1234')).toBe('last4');
    expect(farmerSearchKind('138')).toBe('phoneDigits');
    expect(farmerSearchKind('Z R')).toBe('pinyin');
    expect(farmerSearchKind('拉姆')).toBe('name');
  });

  it('matches the last 4 ID digits, phone digits, pinyin starts and any part of the whole name', () => {
    expect(farmerMatches(lhamo, '5678')).toBe(true);
    expect(farmerMatches({ ...lhamo, idNumberLast4: '2041' }, '2041')).toBe(true);
    expect(farmerMatches(lhamo, '2041')).toBe(false);
    expect(farmerMatches(lhamo, '12345')).toBe(true);
    expect(farmerMatches(lhamo, 'zrl')).toBe(true);
    expect(farmerMatches(lhamo, 'Z R L M')).toBe(true);
    expect(farmerMatches(lhamo, 'zeren')).toBe(true);
    expect(farmerMatches(lhamo, 'lamu')).toBe(false);
    expect(farmerMatches(lhamo, '拉姆')).toBe(true);
    expect(farmerMatches(lhamo, '卓玛')).toBe(false);
    expect(farmerMatches(lhamo, '  ')).toBe(true);
  });
});
