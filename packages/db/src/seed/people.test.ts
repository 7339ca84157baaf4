import { describe, expect, it } from 'vitest';
import { demoIdNumber, demoPhone, personName } from './people.ts';
import { seededRandom } from './random.ts';

// The check character is contracts' rule, passed in by the api; a marker shows where it goes.
const complete = (first17: string) => `${first17}#`;

describe('demo people', () => {
  it('makes ID numbers from Baiyu with the birth year and the sex digit, completed by the given rule', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      const female = i % 2 === 0;
      const birthYear = 1950 + (i % 50);
      const id = demoIdNumber(random, birthYear, female, complete);
      expect(id).toMatch(/^513331\d{11}#$/);
      expect(id.slice(6, 10)).toBe(String(birthYear));
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
