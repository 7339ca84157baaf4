// GB 11643-1999 resident ID numbers: 17 digits, then a check character (0-9 or X).
// The api is the authority; checking here just saves a round trip for typos.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function idNumberCheckChar(first17: string): string | null {
  if (!/^[0-9]{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True for 18 characters whose last one is the right check character (x accepted for X). */
export function isValidIdNumber(value: string): boolean {
  if (!/^[0-9]{17}[0-9Xx]$/.test(value)) return false;
  return idNumberCheckChar(value.slice(0, 17)) === value.slice(17).toUpperCase();
}
