import type { CreateUser, UpdateUser, User, UserPage, UserQuery } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listUsers(query: UserQuery = {}, signal?: AbortSignal): Promise<UserPage> {
  return request('GET', '/users', { query, signal });
}

export function createUser(body: CreateUser): Promise<User> {
  return request('POST', '/users', { body });
}

export function updateUser(id: string, body: UpdateUser): Promise<User> {
  return request('PATCH', `/users/${encodeURIComponent(id)}`, { body });
}
