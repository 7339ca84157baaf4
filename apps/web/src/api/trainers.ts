import type { TrainerList, TrainerQuery } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listTrainers(query: TrainerQuery = {}, signal?: AbortSignal): Promise<TrainerList> {
  return request('GET', '/trainers', { query, signal });
}
