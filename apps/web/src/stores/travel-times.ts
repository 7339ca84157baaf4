import type { SetTravelTimeOverride, TownshipPair, TravelEstimate, TravelSettings } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as travelApi from '@/api/travel-times.ts';

/** The county's travel buffer and the township-to-township times admins set; every change answers the whole settings. */
export const useTravelTimesStore = defineStore('travel-times', () => {
  const settings = ref<TravelSettings | null>(null);

  async function load(signal?: AbortSignal): Promise<void> {
    settings.value = await travelApi.getTravelSettings(signal);
  }

  async function setBuffer(bufferMinutes: number): Promise<void> {
    settings.value = await travelApi.setTravelBuffer(bufferMinutes);
  }

  async function setOverride(body: SetTravelTimeOverride): Promise<void> {
    settings.value = await travelApi.setTravelTimeOverride(body);
  }

  async function removeOverride(pair: TownshipPair): Promise<void> {
    settings.value = await travelApi.deleteTravelTimeOverride(pair);
  }

  function estimate(fromVillageId: string, toVillageId: string, signal?: AbortSignal): Promise<TravelEstimate> {
    return travelApi.estimateTravel({ fromVillageId, toVillageId }, signal);
  }

  function $reset(): void {
    settings.value = null;
  }

  return { settings, load, setBuffer, setOverride, removeOverride, estimate, $reset };
});
