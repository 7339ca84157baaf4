import type { CreatedFeedToken, CreateFeedToken, FeedToken } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as feedsApi from '@/api/feeds.ts';

export const useFeedsStore = defineStore('feeds', () => {
  const tokens = ref<FeedToken[]>([]);

  async function load(signal?: AbortSignal): Promise<void> {
    tokens.value = (await feedsApi.listFeedTokens(signal)).items;
  }

  async function create(body: CreateFeedToken): Promise<CreatedFeedToken> {
    const created = await feedsApi.createFeedToken(body);
    const { url: _url, ...token } = created;
    tokens.value = [token, ...tokens.value];
    return created;
  }

  async function revoke(id: string): Promise<void> {
    const revoked = await feedsApi.revokeFeedToken(id);
    tokens.value = tokens.value.map((token) => (token.id === id ? revoked : token));
  }

  function $reset(): void {
    tokens.value = [];
  }

  return { tokens, load, create, revoke, $reset };
});
