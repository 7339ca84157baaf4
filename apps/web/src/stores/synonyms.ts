import type { SynonymGroup } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as synonymsApi from '@/api/synonyms.ts';

/** Synonym groups (医保 = 医疗保险) that search treats as one word; admins edit them. */
export const useSynonymsStore = defineStore('synonyms', () => {
  const items = ref<SynonymGroup[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      items.value = (await synonymsApi.listSynonyms()).items;
      loaded.value = true;
    } catch (cause) {
      error.value = cause;
    } finally {
      loading.value = false;
    }
  }

  async function create(terms: string[]): Promise<SynonymGroup> {
    const group = await synonymsApi.createSynonymGroup({ terms });
    items.value = [...items.value, group];
    return group;
  }

  async function update(id: string, terms: string[]): Promise<SynonymGroup> {
    const group = await synonymsApi.updateSynonymGroup(id, { terms });
    items.value = items.value.map((g) => (g.id === id ? group : g));
    return group;
  }

  async function remove(id: string): Promise<void> {
    await synonymsApi.deleteSynonymGroup(id);
    items.value = items.value.filter((g) => g.id !== id);
  }

  function $reset(): void {
    items.value = [];
    loading.value = false;
    loaded.value = false;
    error.value = null;
  }

  return { items, loading, loaded, error, load, create, update, remove, $reset };
});
