import { createPinia, defineStore } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp, ref } from 'vue';
import { recordStores, resetStores } from './reset.ts';
import { useFarmersStore } from './farmers.ts';

/** A pinia as main.ts sets it up (plugins apply once pinia is installed on an app). */
function appPinia() {
  const pinia = createPinia().use(recordStores);
  createApp({}).use(pinia);
  return pinia;
}

// A store this file knows nothing about, as the next feature would add one.
const useNotesStore = defineStore('reset-test-notes', () => {
  const notes = ref<string[]>([]);
  function $reset(): void {
    notes.value = [];
  }
  return { notes, $reset };
});

describe('resetStores', () => {
  it('resets every store created so far, also one added after reset.ts was written', () => {
    const pinia = appPinia();
    const notes = useNotesStore(pinia);
    notes.notes.push('泽仁拉姆 asked about 医保');
    const farmers = useFarmersStore(pinia);
    farmers.q = 'zrlm';

    resetStores(pinia);

    expect(notes.notes).toEqual([]);
    expect(farmers.q).toBe('');
  });

  it('touches only the stores of the pinia it is given', () => {
    const mine = appPinia();
    const other = appPinia();
    useNotesStore(mine).notes.push('mine');
    useNotesStore(other).notes.push('other');

    resetStores(mine);

    expect(useNotesStore(mine).notes).toEqual([]);
    expect(useNotesStore(other).notes).toEqual(['other']);
  });
});
