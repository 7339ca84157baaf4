import { useDocumentsStore } from './documents.ts';
import { useFarmersStore } from './farmers.ts';
import { useLibrarySearchStore } from './library-search.ts';
import { useOrgUnitsStore } from './org-units.ts';
import { useSessionStore } from './session.ts';
import { useSynonymsStore } from './synonyms.ts';
import { useUsersStore } from './users.ts';

/** Forget everything the previous user loaded, so the next sign-in starts clean. */
export function resetStores(): void {
  useSessionStore().$reset();
  useOrgUnitsStore().$reset();
  useFarmersStore().$reset();
  useUsersStore().$reset();
  useLibrarySearchStore().$reset();
  useDocumentsStore().$reset();
  useSynonymsStore().$reset();
}
