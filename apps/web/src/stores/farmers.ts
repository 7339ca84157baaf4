import type { CreateFarmer, Farmer, FarmerDetail, UpdateFarmer } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as farmersApi from '@/api/farmers.ts';

const PAGE_SIZE = 50;

export const useFarmersStore = defineStore('farmers', () => {
  const items = ref<Farmer[]>([]);
  const nextCursor = ref<string | null>(null);
  const q = ref('');
  const orgUnitId = ref<string | null>(null);
  const loading = ref(false);
  /** Whether the list matches the current q / orgUnitId (false before the first search). */
  const loaded = ref(false);
  const error = ref<unknown>(null);

  // Typing fires searches quickly; only the newest one may write the list.
  let controller: AbortController | null = null;

  async function fetchPage(cursor: string | null): Promise<void> {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    loading.value = true;
    error.value = null;
    try {
      const page = await farmersApi.listFarmers(
        { q: q.value.trim() || undefined, orgUnitId: orgUnitId.value ?? undefined, cursor: cursor ?? undefined, limit: PAGE_SIZE },
        own.signal,
      );
      if (own.signal.aborted) return;
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      loaded.value = true;
    } catch (cause) {
      if (own.signal.aborted) return;
      error.value = cause;
    } finally {
      if (controller === own) {
        loading.value = false;
        controller = null;
      }
    }
  }

  /** Starts the list over with the given filters. */
  function search(filters: { q?: string; orgUnitId?: string | null } = {}): Promise<void> {
    if (filters.q !== undefined) q.value = filters.q;
    if (filters.orgUnitId !== undefined) orgUnitId.value = filters.orgUnitId;
    return fetchPage(null);
  }

  function loadMore(): Promise<void> {
    if (!nextCursor.value || loading.value) return Promise.resolve();
    return fetchPage(nextCursor.value);
  }

  function get(id: string): Promise<FarmerDetail> {
    return farmersApi.getFarmer(id);
  }

  // Saved farmers are patched into the loaded list so going back shows the change without a reload.
  function remember(farmer: FarmerDetail): void {
    const { phone: _phone, ...row } = farmer;
    const index = items.value.findIndex((f) => f.id === farmer.id);
    if (index >= 0) items.value.splice(index, 1, row);
  }

  async function create(body: CreateFarmer): Promise<FarmerDetail> {
    const farmer = await farmersApi.createFarmer(body);
    // A new farmer may or may not match the current filter: fetch again when the list is next shown.
    loaded.value = false;
    return farmer;
  }

  async function update(id: string, body: UpdateFarmer): Promise<FarmerDetail> {
    const farmer = await farmersApi.updateFarmer(id, body);
    remember(farmer);
    return farmer;
  }

  function $reset(): void {
    controller?.abort();
    controller = null;
    items.value = [];
    nextCursor.value = null;
    q.value = '';
    orgUnitId.value = null;
    loading.value = false;
    loaded.value = false;
    error.value = null;
  }

  return { items, nextCursor, q, orgUnitId, loading, loaded, error, search, loadMore, get, create, update, $reset };
});
