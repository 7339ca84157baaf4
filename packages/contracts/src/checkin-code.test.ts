import { describe, expect, it } from 'vitest';
import { checkinCode, checkinCodeStep } from './checkin-code.ts';

// Vectors computed once with Node's createHmac (sha256, big-endian step, RFC 4226 truncation):
// the WebCrypto path the phone runs must give the same digits.
const SECRET = 'c2Vzc2lvbi1zZWNyZXQtZm9yLXRlc3RzLW9ubHktMzI';
const vectors: Array<[number, string]> = [
  [0, '36412780'],
  [1, '56303608'],
  [59_000_000, '44172086'],
  [59_999_999, '90058184'],
];

describe('checkinCode', () => {
  it.each(vectors)('step %i gives %s', async (step, code) => {
    expect(await checkinCode(SECRET, step)).toBe(code);
  });

  it('changes with the secret', async () => {
    expect(await checkinCode('b3RoZXItc2VjcmV0', 1)).not.toBe('56303608');
  });

  it('steps every 30 seconds', () => {
    expect(checkinCodeStep(0)).toBe(0);
    expect(checkinCodeStep(29_999)).toBe(0);
    expect(checkinCodeStep(new Date(30_000))).toBe(1);
  });
});
