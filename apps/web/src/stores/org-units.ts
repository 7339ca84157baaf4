import type { CreateOrgUnit, OrgLevel, OrgUnit, UpdateOrgUnit } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as orgUnitsApi from '@/api/org-units.ts';

export interface OrgUnitNode {
  unit: OrgUnit;
  children: OrgUnitNode[];
}

const collator = new Intl.Collator('zh-CN');

/** Builds county > township > village trees; units whose parent the user cannot see become roots. */
export function buildOrgTree(units: readonly OrgUnit[]): OrgUnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as OrgUnitNode[] }]));
  const roots: OrgUnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: OrgUnitNode[]) => {
    list.sort((a, b) => collator.compare(a.unit.name, b.unit.name));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** The child level a unit can hold; villages hold none. */
export function childLevel(level: OrgLevel): OrgLevel | null {
  if (level === 'county') return 'township';
  if (level === 'township') return 'village';
  return null;
}

// The whole county is a few hundred units, so the store loads every unit the user may see at once.
export const useOrgUnitsStore = defineStore('org-units', () => {
  const units = ref<OrgUnit[]>([]);
  const loaded = ref(false);
  const loading = ref(false);

  const byId = computed(() => new Map(units.value.map((unit) => [unit.id, unit])));
  const tree = computed(() => buildOrgTree(units.value));
  const villages = computed(() => units.value.filter((unit) => unit.level === 'village'));

  let pending: Promise<void> | null = null;
  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    pending ??= (async () => {
      loading.value = true;
      try {
        units.value = (await orgUnitsApi.listOrgUnits()).items;
        loaded.value = true;
      } finally {
        loading.value = false;
        pending = null;
      }
    })();
    return pending;
  }

  /** "河坡乡 / 根呷村": the unit's name after those of its visible ancestors. */
  function pathName(id: string): string {
    const names: string[] = [];
    for (let unit = byId.value.get(id); unit; unit = unit.parentId ? byId.value.get(unit.parentId) : undefined) {
      names.unshift(unit.name);
    }
    return names.join(' / ');
  }

  async function create(body: CreateOrgUnit): Promise<OrgUnit> {
    const unit = await orgUnitsApi.createOrgUnit(body);
    units.value = [...units.value, unit];
    return unit;
  }

  async function update(id: string, body: UpdateOrgUnit): Promise<OrgUnit> {
    const unit = await orgUnitsApi.updateOrgUnit(id, body);
    units.value = units.value.map((u) => (u.id === id ? unit : u));
    return unit;
  }

  function $reset(): void {
    units.value = [];
    loaded.value = false;
    loading.value = false;
  }

  return { units, loaded, loading, byId, tree, villages, load, pathName, create, update, $reset };
});
