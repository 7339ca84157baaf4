import type {
  CreateMatter,
  CreateWorkDay,
  HouseholdList,
  Matter,
  MatterPage,
  MatterQuery,
  PublicVillage,
  SecretaryProfile,
  Supervision,
  SupervisionQuery,
  UpdateSecretaryProfile,
  WorkDayMonth,
  WorkDayQuery,
  WorkDayResult,
} from '@fieldschool/contracts';
import { API_BASE, request } from './client.ts';

export function listWorkDays(query: WorkDayQuery, signal?: AbortSignal): Promise<WorkDayMonth> {
  return request('GET', '/work-days', { query, signal });
}

export function recordWorkDay(body: CreateWorkDay): Promise<WorkDayResult> {
  return request('POST', '/work-days', { body });
}

export function listMatters(query: MatterQuery, signal?: AbortSignal): Promise<MatterPage> {
  return request('GET', '/matters', { query, signal });
}

export function createMatter(body: CreateMatter): Promise<Matter> {
  return request('POST', '/matters', { body });
}

export function listHouseholds(villageId: string, signal?: AbortSignal): Promise<HouseholdList> {
  return request('GET', '/households', { query: { villageId }, signal });
}

export function supervision(query: SupervisionQuery, signal?: AbortSignal): Promise<Supervision> {
  return request('GET', '/supervision', { query, signal });
}

/** The .xlsx of the same view: a plain link, the browser downloads it with the session cookie. */
export function supervisionExportUrl(query: SupervisionQuery): string {
  const params = new URLSearchParams({ year: String(query.year), ...(query.quarter ? { quarter: String(query.quarter) } : {}) });
  return `${API_BASE}/supervision/export?${params.toString()}`;
}

export function ownProfile(signal?: AbortSignal): Promise<SecretaryProfile> {
  return request('GET', '/secretaries/me/profile', { signal });
}

export function updateOwnProfile(body: UpdateSecretaryProfile): Promise<SecretaryProfile> {
  return request('PATCH', '/secretaries/me/profile', { body });
}

export function publicVillage(villageId: string, signal?: AbortSignal): Promise<PublicVillage> {
  return request('GET', `/public/villages/${villageId}`, { signal, expectUnauthenticated: true });
}
