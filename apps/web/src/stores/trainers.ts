import type { Trainer } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as trainersApi from '@/api/trainers.ts';

/** Who can teach in the user's area, loaded once for the filters and the session form. */
export const useTrainersStore = defineStore('trainers', () => {
  const all = ref<Trainer[]>([]);
  let pending: Promise<void> | null = null;
  let loaded = false;

  function load(): Promise<void> {
    if (loaded) return Promise.resolve();
    pending ??= trainersApi
      .listTrainers()
      .then(({ items }) => {
        all.value = items;
        loaded = true;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  /** Those whose area holds one village: the ones a session there may have. */
  async function forVillage(villageId: string, signal?: AbortSignal): Promise<Trainer[]> {
    return (await trainersApi.listTrainers({ villageId }, signal)).items;
  }

  function $reset(): void {
    all.value = [];
    loaded = false;
    pending = null;
  }

  return { all, load, forVillage, $reset };
});
