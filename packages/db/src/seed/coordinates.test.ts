import { describe, expect, it } from 'vitest';
import { countyBounds, townshipCentre, villageNear } from './coordinates.ts';
import { seededRandom } from './random.ts';

describe('demo village coordinates', () => {
  it('puts every village inside Baiyu County, near its township seat', () => {
    const random = seededRandom(5);
    for (let t = 0; t < 17; t++) {
      const centre = townshipCentre(random);
      for (let v = 0; v < 10; v++) {
        const village = villageNear(centre, random);
        expect(village.lat).toBeGreaterThanOrEqual(countyBounds.south);
        expect(village.lat).toBeLessThanOrEqual(countyBounds.north);
        expect(village.lon).toBeGreaterThanOrEqual(countyBounds.west);
        expect(village.lon).toBeLessThanOrEqual(countyBounds.east);
        expect(Math.abs(village.lat - centre.lat)).toBeLessThanOrEqual(0.09 + 1e-9);
      }
    }
  });
});
