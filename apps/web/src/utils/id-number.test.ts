import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, isValidIdNumber } from './id-number.ts';

describe('isValidIdNumber', () => {
  it('accepts numbers with the right check digit, X in either case', () => {
    // The worked example from GB 11643-1999.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length or letters', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002X1')).toBe(false);
    expect(isValidIdNumber('11010519491231A02X')).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
  });

  it('computes the check character that makes a number valid', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('51333119850314123')).toMatch(/^[0-9X]$/);
    expect(isValidIdNumber(`51333119850314123${idNumberCheckChar('51333119850314123')}`)).toBe(true);
    expect(idNumberCheckChar('1234')).toBeNull();
  });
});
