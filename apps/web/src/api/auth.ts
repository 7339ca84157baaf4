import type { ChangePasswordRequest, LoginRequest, SessionInfo, UpdateOwnProfile, User } from '@fieldschool/contracts';
import { request } from './client.ts';

export function login(body: LoginRequest): Promise<SessionInfo> {
  return request('POST', '/auth/login', { body, expectUnauthenticated: true });
}

export function getSession(): Promise<SessionInfo> {
  return request('GET', '/auth/session', { expectUnauthenticated: true });
}

export function logout(): Promise<void> {
  return request('POST', '/auth/logout', { expectUnauthenticated: true });
}

export function changePassword(body: ChangePasswordRequest): Promise<void> {
  return request('POST', '/auth/password', { body });
}

export function updateOwnProfile(body: UpdateOwnProfile): Promise<User> {
  return request('PATCH', '/auth/me', { body });
}
