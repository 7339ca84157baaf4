import { getActivePinia, type Pinia, type PiniaPluginContext, type StoreGeneric } from 'pinia';

// The stores each pinia has made so far, filled in by recordStores as each one is created.
const storesOf = new WeakMap<Pinia, Set<StoreGeneric>>();

/**
 * Pinia plugin (installed in main.ts): records every store as it is created, so resetStores()
 * reaches all of them, also a store added after this file was written.
 */
export function recordStores({ pinia, store }: PiniaPluginContext): void {
  let stores = storesOf.get(pinia);
  if (!stores) storesOf.set(pinia, (stores = new Set()));
  stores.add(store);
}

/**
 * Forget everything the previous user loaded, so the next sign-in starts clean. Stores not
 * created yet need nothing: they start empty. Each store has its own `$reset` (DESIGN §4).
 */
export function resetStores(pinia: Pinia | undefined = getActivePinia()): void {
  for (const store of (pinia && storesOf.get(pinia)) ?? []) store.$reset();
}
