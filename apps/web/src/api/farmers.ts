import type { CreateFarmer, FarmerDetail, FarmerPage, FarmerQuery, UpdateFarmer } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listFarmers(query: FarmerQuery = {}, signal?: AbortSignal): Promise<FarmerPage> {
  return request('GET', '/farmers', { query, signal });
}

export function getFarmer(id: string): Promise<FarmerDetail> {
  return request('GET', `/farmers/${encodeURIComponent(id)}`);
}

export function createFarmer(body: CreateFarmer): Promise<FarmerDetail> {
  return request('POST', '/farmers', { body });
}

export function updateFarmer(id: string, body: UpdateFarmer): Promise<FarmerDetail> {
  return request('PATCH', `/farmers/${encodeURIComponent(id)}`, { body });
}
