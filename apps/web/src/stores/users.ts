import type { CreateUser, Role, UpdateUser, User } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as usersApi from '@/api/users.ts';

const PAGE_SIZE = 50;

export const useUsersStore = defineStore('users', () => {
  const items = ref<User[]>([]);
  const nextCursor = ref<string | null>(null);
  const q = ref('');
  const role = ref<Role | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  // Typing in the search box overlaps requests; only the newest one may write the list.
  let controller: AbortController | null = null;

  async function fetchPage(cursor: string | null): Promise<void> {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    loading.value = true;
    error.value = null;
    try {
      const page = await usersApi.listUsers(
        { q: q.value.trim() || undefined, role: role.value ?? undefined, cursor: cursor ?? undefined, limit: PAGE_SIZE },
        own.signal,
      );
      if (own.signal.aborted) return;
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (cause) {
      if (!own.signal.aborted) error.value = cause;
    } finally {
      if (controller === own) {
        loading.value = false;
        controller = null;
      }
    }
  }

  function search(filters: { q?: string; role?: Role | null } = {}): Promise<void> {
    if (filters.q !== undefined) q.value = filters.q;
    if (filters.role !== undefined) role.value = filters.role;
    return fetchPage(null);
  }

  function loadMore(): Promise<void> {
    if (!nextCursor.value || loading.value) return Promise.resolve();
    return fetchPage(nextCursor.value);
  }

  async function create(body: CreateUser): Promise<User> {
    const user = await usersApi.createUser(body);
    items.value = [user, ...items.value];
    return user;
  }

  async function update(id: string, body: UpdateUser): Promise<User> {
    const user = await usersApi.updateUser(id, body);
    items.value = items.value.map((u) => (u.id === id ? user : u));
    return user;
  }

  function $reset(): void {
    controller?.abort();
    controller = null;
    items.value = [];
    nextCursor.value = null;
    q.value = '';
    role.value = null;
    loading.value = false;
    error.value = null;
  }

  return { items, nextCursor, q, role, loading, error, search, loadMore, create, update, $reset };
});
