import type { CreateMaterial, Material, UpdateMaterial } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import * as materialsApi from '@/api/materials.ts';
import { useCursorList } from '@/composables/use-cursor-list.ts';

const PAGE_SIZE = 50;
/** The course form picks from the whole catalogue: a county prints a few dozen titles. */
const CHOICES_LIMIT = 200;

export const useMaterialsStore = defineStore('materials', () => {
  const list = useCursorList<Material>((cursor, signal) => materialsApi.listMaterials({ cursor, limit: PAGE_SIZE }, signal));
  const { items, nextCursor, loading, loaded, error, loadMore } = list;

  async function choices(signal?: AbortSignal): Promise<Material[]> {
    return (await materialsApi.listMaterials({ limit: CHOICES_LIMIT }, signal)).items;
  }

  async function create(body: CreateMaterial): Promise<Material> {
    const material = await materialsApi.createMaterial(body);
    items.value = [material, ...items.value];
    return material;
  }

  async function update(id: string, body: UpdateMaterial): Promise<Material> {
    const material = await materialsApi.updateMaterial(id, body);
    const index = items.value.findIndex((m) => m.id === id);
    if (index >= 0) items.value.splice(index, 1, material);
    return material;
  }

  function $reset(): void {
    list.reset();
  }

  return { items, nextCursor, loading, loaded, error, load: list.loadFirst, loadMore, choices, create, update, $reset };
});
