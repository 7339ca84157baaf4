import type { CreateUser, UpdateUser, User, UserPage, UserQuery } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listUsers(query: UserQuery = {}, signal?: AbortSignal): Promise<UserPage> {
  return request('GET', '/users', { query, signal });
}

export function createUser(body: CreateUser): Promise<User> {
  return request('POST', '/users', { body });
}

/** Lifts the waits that failed sign-ins put on this user, from every address. */
export function unlockUser(id: string): Promise<void> {
  return request('POST', `/users/${encodeURIComponent(id)}/unlock`);
}

export function updateUser(id: string, body: UpdateUser): Promise<User> {
  return request('PATCH', `/users/${encodeURIComponent(id)}`, { body });
}
