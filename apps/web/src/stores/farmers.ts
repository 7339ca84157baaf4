import type { CreateFarmer, Farmer, FarmerDetail, UpdateFarmer } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as farmersApi from '@/api/farmers.ts';
import { useCursorList } from '@/composables/use-cursor-list.ts';

const PAGE_SIZE = 50;

export const useFarmersStore = defineStore('farmers', () => {
  const q = ref('');
  const orgUnitId = ref<string | null>(null);
  const list = useCursorList<Farmer>((cursor, signal) =>
    farmersApi.listFarmers({ q: q.value.trim() || undefined, orgUnitId: orgUnitId.value ?? undefined, cursor, limit: PAGE_SIZE }, signal),
  );
  /** `loaded`: whether the list matches the current q / orgUnitId (false before the first search). */
  const { items, nextCursor, loading, loaded, error, loadMore } = list;

  /** Starts the list over with the given filters. */
  function search(filters: { q?: string; orgUnitId?: string | null } = {}): Promise<void> {
    if (filters.q !== undefined) q.value = filters.q;
    if (filters.orgUnitId !== undefined) orgUnitId.value = filters.orgUnitId;
    return list.loadFirst();
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
    list.reset();
    q.value = '';
    orgUnitId.value = null;
  }

  return { items, nextCursor, q, orgUnitId, loading, loaded, error, search, loadMore, get, create, update, $reset };
});
