import type { SetTravelTimeOverride, TownshipPair, TravelEstimate, TravelEstimateQuery, TravelSettings } from '@fieldschool/contracts';
import { request } from './client.ts';

export function getTravelSettings(signal?: AbortSignal): Promise<TravelSettings> {
  return request('GET', '/travel-times', { signal });
}

export function estimateTravel(query: TravelEstimateQuery, signal?: AbortSignal): Promise<TravelEstimate> {
  return request('GET', '/travel-times/estimate', { query: { ...query }, signal });
}

/** Only a county admin may; a township admin gets 403 `forbidden`. */
export function setTravelBuffer(bufferMinutes: number): Promise<TravelSettings> {
  return request('PUT', '/travel-times/buffer', { body: { bufferMinutes } });
}

export function setTravelTimeOverride(body: SetTravelTimeOverride): Promise<TravelSettings> {
  return request('PUT', '/travel-times/overrides', { body });
}

export function deleteTravelTimeOverride(pair: TownshipPair): Promise<TravelSettings> {
  return request('DELETE', '/travel-times/overrides', { query: { ...pair } });
}
