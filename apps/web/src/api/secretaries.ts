import type {
  AddHouseholdNeed,
  CreateMatter,
  CreateWorkDay,
  Household,
  HouseholdList,
  Leave,
  Matter,
  MatterPage,
  MatterQuery,
  MatterTotals,
  PublicVillage,
  RecordLeave,
  SaveSupervisionComment,
  SecretaryProfile,
  ShortfallList,
  Supervision,
  SupervisionComment,
  SupervisionQuery,
  UpdateHousehold,
  UpdateMatter,
  UpdateSecretaryProfile,
  WorkDayMonth,
  WorkDayQuery,
  WorkDayResult,
} from '@fieldschool/contracts';
import { API_BASE, fileUrl, request } from './client.ts';

/** One `file` part, as the api's single-file uploads take it. */
function fileForm(file: Blob, name: string): FormData {
  const form = new FormData();
  form.append('file', file, name);
  return form;
}

function householdPath(villageId: string, householdNo: string): string {
  return `/households/${villageId}/${encodeURIComponent(householdNo)}`;
}

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

export function getMatter(id: string, signal?: AbortSignal): Promise<Matter> {
  return request('GET', `/matters/${id}`, { signal });
}

export function updateMatter(id: string, body: UpdateMatter): Promise<Matter> {
  return request('PATCH', `/matters/${id}`, { body });
}

export function matterTotals(orgUnitId: string | undefined, signal?: AbortSignal): Promise<MatterTotals> {
  return request('GET', '/matters/totals', { query: orgUnitId ? { orgUnitId } : {}, signal });
}

export function addMatterFile(id: string, file: File): Promise<Matter> {
  return request('POST', `/matters/${id}/files`, { body: fileForm(file, file.name) });
}

export function removeMatterFile(id: string, fileId: string): Promise<Matter> {
  return request('DELETE', `/matters/${id}/files/${fileId}`);
}

/** A plain link: the browser downloads the file with the session cookie. */
export function matterFileUrl(id: string, fileId: string): string {
  return fileUrl(`/matters/${id}/files/${fileId}`);
}

export function listHouseholds(villageId: string, signal?: AbortSignal): Promise<HouseholdList> {
  return request('GET', '/households', { query: { villageId }, signal });
}

export function getHousehold(villageId: string, householdNo: string, signal?: AbortSignal): Promise<Household> {
  return request('GET', householdPath(villageId, householdNo), { signal });
}

export function updateHousehold(villageId: string, householdNo: string, body: UpdateHousehold): Promise<Household> {
  return request('PATCH', householdPath(villageId, householdNo), { body });
}

export function addHouseholdNeed(villageId: string, householdNo: string, body: AddHouseholdNeed): Promise<Household> {
  return request('POST', `${householdPath(villageId, householdNo)}/needs`, { body });
}

export function recordLeave(secretaryId: string, body: RecordLeave): Promise<Leave> {
  return request('POST', `/secretaries/${secretaryId}/leaves`, { body });
}

export function listShortfalls(month: string, signal?: AbortSignal): Promise<ShortfallList> {
  return request('GET', '/secretaries/shortfalls', { query: { month }, signal });
}

export function saveSupervisionComment(secretaryId: string, body: SaveSupervisionComment): Promise<SupervisionComment> {
  return request('PUT', `/supervision/${secretaryId}/comment`, { body });
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

export function uploadOwnPhoto(file: File): Promise<SecretaryProfile> {
  return request('POST', '/secretaries/me/photo', { body: fileForm(file, file.name) });
}

export function publicVillage(villageId: string, signal?: AbortSignal): Promise<PublicVillage> {
  return request('GET', `/public/villages/${villageId}`, { signal, expectUnauthenticated: true });
}
