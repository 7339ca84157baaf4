import { describe, expect, it } from 'vitest';
import { completeIdNumber, isValidIdNumber } from './id-number.ts';

describe('isValidIdNumber', () => {
  it('accepts numbers with the right check character, X in either case', () => {
    // The worked example from GB 11643-1999.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
    expect(isValidIdNumber('51333119880506001X')).toBe(true);
  });

  it('rejects a wrong check character, a wrong length or letters', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002X1')).toBe(false);
    expect(isValidIdNumber('11010519491231A02X')).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
  });
});

describe('completeIdNumber', () => {
  it('appends the check character that makes the number valid', () => {
    expect(completeIdNumber('11010519491231002')).toBe('11010519491231002X');
    expect(completeIdNumber('44052418800101001')).toBe('440524188001010014');
    for (let i = 0; i < 200; i += 1) {
      const first17 = `513331${1950 + (i % 60)}0${(i % 9) + 1}1${i % 10}${String(i).padStart(3, '0')}`;
      const id = completeIdNumber(first17);
      expect(isValidIdNumber(id), id).toBe(true);
      // Any other last character is wrong: the check character is the only one.
      const wrong = '0123456789X'.split('').filter((c) => c !== id[17]);
      for (const c of wrong) expect(isValidIdNumber(first17 + c)).toBe(false);
    }
  });

  it('refuses anything but 17 digits', () => {
    expect(() => completeIdNumber('1234')).toThrow(RangeError);
    expect(() => completeIdNumber('1101051949123100X')).toThrow(RangeError);
  });
});
