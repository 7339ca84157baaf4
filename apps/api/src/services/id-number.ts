import { createHmac } from 'node:crypto';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

/** GB 11643-1999: 17 digits, then a check character from a weighted sum mod 11. */
export function isValidIdNumber(value: string): boolean {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = weights.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return checkCharacters[sum % 11] === id[17];
}

/** The number is never stored: a keyed hash finds duplicates, the last 4 digits help people. */
export function protectIdNumber(value: string, key: Buffer): { hash: string; last4: string } {
  const id = value.toUpperCase();
  return { hash: createHmac('sha256', key).update(id).digest('hex'), last4: id.slice(-4) };
}
