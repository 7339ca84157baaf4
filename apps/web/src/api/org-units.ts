import type { CreateOrgUnit, OrgUnit, OrgUnitList, OrgUnitQuery, UpdateOrgUnit } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listOrgUnits(query: OrgUnitQuery = {}): Promise<OrgUnitList> {
  return request('GET', '/org-units', { query });
}

export function createOrgUnit(body: CreateOrgUnit): Promise<OrgUnit> {
  return request('POST', '/org-units', { body });
}

export function updateOrgUnit(id: string, body: UpdateOrgUnit): Promise<OrgUnit> {
  return request('PATCH', `/org-units/${encodeURIComponent(id)}`, { body });
}
