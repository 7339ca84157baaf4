import { describe, expect, it } from 'vitest';
import { demoIdNumber, demoPhone, personName } from './people.ts';
import { seededRandom } from './random.ts';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkOf = (id: string) => '10X98765432'[weights.reduce((sum, w, i) => sum + w * Number(id[i]), 0) % 11];

describe('demo people', () => {
  it('makes ID numbers with a correct GB 11643 check character, Baiyu area code and the sex digit', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      const female = i % 2 === 0;
      const id = demoIdNumber(random, 1950 + (i % 50), female);
      expect(id).toMatch(/^513331\d{11}[\dX]$/);
      expect(id[17]).toBe(checkOf(id));
      expect(Number(id[16]) % 2).toBe(female ? 0 : 1);
    }
  });

  it('is the same county on every machine', () => {
    const names = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 20 }, () => personName(random));
    };
    expect(names(7)).toEqual(names(7));
    expect(names(7)).not.toEqual(names(8));
  });

  it('makes mainland mobile numbers', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 100; i++) expect(demoPhone(random)).toMatch(/^1[3-9]\d{9}$/);
  });
});
