import type { Database } from '@fieldschool/db';
import { MAX_TOTAL_HITS, applyIndexSettings, indexDocument, rebuildIndex, removeDocument, toMeiliSynonyms } from '@fieldschool/search';
import type { SearchEngine } from '../plugins/search.ts';
import { liveDocumentCount, liveDocumentIds, loadForIndexing } from './documents.ts';
import type { OutboxItem } from './search-outbox.ts';
import { listSynonymGroups } from './synonyms.ts';

async function synonymGroups(db: Database): Promise<string[][]> {
  return (await listSynonymGroups(db)).map((group) => group.terms);
}

/** Builds a fresh index from PostgreSQL and swaps it in; the live index serves until then. */
export async function reindexAll(db: Database, search: SearchEngine) {
  const ids = await liveDocumentIds(db);
  async function* documents() {
    for (const id of ids) {
      const doc = await loadForIndexing(db, id);
      if (doc) yield doc;
    }
  }
  return rebuildIndex(search.client, search.indexUid, documents(), await synonymGroups(db));
}

/** How many documents (not passages: the index is distinct on the document) Meilisearch holds, up to MAX_TOTAL_HITS. */
async function indexedDocumentCount(search: SearchEngine): Promise<number> {
  const result = await search.client.index(search.indexUid).search('', { page: 1, hitsPerPage: 0 });
  return result.totalHits ?? 0;
}

/**
 * Applies one outbox item to Meilisearch, reading the latest state from PostgreSQL:
 * - document: (re)index it, or remove it when it is gone;
 * - settings: apply the index settings, and rebuild when the index holds fewer documents
 *   than the database (a new or wiped Meilisearch);
 * - synonyms: rebuild, since every passage carries its synonym spellings.
 */
export function outboxApplier(db: Database, search: SearchEngine) {
  return async (item: OutboxItem): Promise<void> => {
    if (item.entity === 'synonyms') {
      await reindexAll(db, search);
      return;
    }
    if (item.entity === 'settings') {
      await applyIndexSettings(search.client, search.indexUid, toMeiliSynonyms(await synonymGroups(db)));
      if ((await indexedDocumentCount(search)) < Math.min(await liveDocumentCount(db), MAX_TOTAL_HITS)) await reindexAll(db, search);
      return;
    }
    const doc = item.op === 'delete' ? null : await loadForIndexing(db, item.entityId);
    if (doc) await indexDocument(search.client, search.indexUid, doc, await synonymGroups(db));
    else await removeDocument(search.client, search.indexUid, item.entityId);
  };
}
