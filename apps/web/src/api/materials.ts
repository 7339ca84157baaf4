import type { CreateMaterial, DistributionResults, Material, MaterialPage, MaterialQuery, RecordDistributions, SessionDistributions, UpdateMaterial } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listMaterials(query: MaterialQuery = {}, signal?: AbortSignal): Promise<MaterialPage> {
  return request('GET', '/materials', { query, signal });
}

export function createMaterial(body: CreateMaterial): Promise<Material> {
  return request('POST', '/materials', { body });
}

export function updateMaterial(id: string, body: UpdateMaterial): Promise<Material> {
  return request('PATCH', `/materials/${encodeURIComponent(id)}`, { body });
}

export function sessionDistributions(sessionId: string, signal?: AbortSignal): Promise<SessionDistributions> {
  return request('GET', `/sessions/${encodeURIComponent(sessionId)}/distributions`, { signal });
}

export function recordDistributions(sessionId: string, body: RecordDistributions): Promise<DistributionResults> {
  return request('POST', `/sessions/${encodeURIComponent(sessionId)}/distributions`, { body });
}
