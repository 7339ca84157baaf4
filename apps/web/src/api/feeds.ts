import type { CreatedFeedToken, CreateFeedToken, FeedToken, FeedTokenList } from '@fieldschool/contracts';
import { request } from './client.ts';

export function listFeedTokens(signal?: AbortSignal): Promise<FeedTokenList> {
  return request('GET', '/feed-tokens', { signal });
}

/** The URL comes back only here, once: the api keeps only a hash of its secret. */
export function createFeedToken(body: CreateFeedToken): Promise<CreatedFeedToken> {
  return request('POST', '/feed-tokens', { body });
}

export function revokeFeedToken(id: string): Promise<FeedToken> {
  return request('DELETE', `/feed-tokens/${encodeURIComponent(id)}`);
}
