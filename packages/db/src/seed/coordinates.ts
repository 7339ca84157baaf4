import type { Random } from './random.ts';

/** Baiyu County lies roughly within these bounds (WGS 84). */
export const countyBounds = { south: 30.9, north: 31.6, west: 98.6, east: 99.4 } as const;

export interface LatLon {
  lat: number;
  lon: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** A township seat somewhere in the county, kept a little inside its edge. */
export function townshipCentre(random: Random): LatLon {
  const margin = 0.06;
  return {
    lat: countyBounds.south + margin + random.next() * (countyBounds.north - countyBounds.south - 2 * margin),
    lon: countyBounds.west + margin + random.next() * (countyBounds.east - countyBounds.west - 2 * margin),
  };
}

/** A village within about 10 km of its township seat, never outside the county. */
export function villageNear(centre: LatLon, random: Random): LatLon {
  const spread = 0.09;
  const round = (value: number) => Math.round(value * 1e5) / 1e5;
  return {
    lat: round(clamp(centre.lat + (random.next() * 2 - 1) * spread, countyBounds.south, countyBounds.north)),
    lon: round(clamp(centre.lon + (random.next() * 2 - 1) * spread, countyBounds.west, countyBounds.east)),
  };
}
