// Mainland resident ID numbers (GB 11643-1999): 17 digits, then a check character, 0-9 or X,
// from a weighted sum of the digits mod 11. The one implementation, for the api (the
// authority) and the web app (which saves a round trip for a typo). No I/O, no TypeBox.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const FIRST_17 = /^[0-9]{17}$/;
const FULL = /^[0-9]{17}[0-9X]$/;

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True for 18 characters whose last one is the right check character (x is taken for X). */
export function isValidIdNumber(value: string): boolean {
  const id = value.toUpperCase();
  return FULL.test(id) && checkChar(id.slice(0, 17)) === id[17];
}

/** The whole number for its first 17 digits: what demo data and tests use to make valid numbers. */
export function completeIdNumber(first17: string): string {
  if (!FIRST_17.test(first17)) throw new RangeError(`An ID number starts with 17 digits, not "${first17}"`);
  return first17 + checkChar(first17);
}
