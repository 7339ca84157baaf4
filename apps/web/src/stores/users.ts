import type { CreateUser, Role, UpdateUser, User } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as usersApi from '@/api/users.ts';
import { useCursorList } from '@/composables/use-cursor-list.ts';

const PAGE_SIZE = 50;

export const useUsersStore = defineStore('users', () => {
  const q = ref('');
  const role = ref<Role | null>(null);
  const list = useCursorList<User>((cursor, signal) =>
    usersApi.listUsers({ q: q.value.trim() || undefined, role: role.value ?? undefined, cursor, limit: PAGE_SIZE }, signal),
  );
  const { items, nextCursor, loading, error, loadMore } = list;

  function search(filters: { q?: string; role?: Role | null } = {}): Promise<void> {
    if (filters.q !== undefined) q.value = filters.q;
    if (filters.role !== undefined) role.value = filters.role;
    return list.loadFirst();
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
    list.reset();
    q.value = '';
    role.value = null;
  }

  return { items, nextCursor, q, role, loading, error, search, loadMore, create, update, $reset };
});
