import { createHmac } from 'node:crypto';

/**
 * The number is never stored: a keyed hash finds duplicates, the last 4 digits help people.
 * Whether it is a valid number at all is isValidIdNumber's call, in @fieldschool/contracts.
 */
export function protectIdNumber(value: string, key: Buffer): { hash: string; last4: string } {
  const id = value.toUpperCase();
  return { hash: createHmac('sha256', key).update(id).digest('hex'), last4: id.slice(-4) };
}
