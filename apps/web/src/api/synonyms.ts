import type { SynonymGroup, SynonymGroupInput, SynonymList } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listSynonyms(): Promise<SynonymList> {
  return request('GET', '/synonyms');
}

export function createSynonymGroup(body: SynonymGroupInput): Promise<SynonymGroup> {
  return request('POST', '/synonyms', { body });
}

export function updateSynonymGroup(id: string, body: SynonymGroupInput): Promise<SynonymGroup> {
  return request('PUT', `/synonyms/${encodeURIComponent(id)}`, { body });
}

export function deleteSynonymGroup(id: string): Promise<void> {
  return request('DELETE', `/synonyms/${encodeURIComponent(id)}`);
}
