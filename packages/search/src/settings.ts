import { MeilisearchApiError, type Meilisearch, type Settings } from 'meilisearch';
import { waitForTask } from './client.ts';

/** Searched in this order: the `attribute` ranking rule prefers a match in an earlier one. */
export const SEARCHABLE_ATTRIBUTES = [
  'title_norm',
  'title_synonyms_norm',
  'title_pinyin',
  'title_initials',
  'doc_number_norm',
  'issuing_body_norm',
  'tags_norm',
  'synonyms_norm',
  'summary_norm',
  'text_norm',
] as const;

/** The fields a title suggestion searches (see `suggestTitles`). */
export const TITLE_ATTRIBUTES = ['title_norm', 'title_synonyms_norm', 'title_pinyin', 'title_initials', 'doc_number_norm'] as const;

/** Results are counted exactly up to this many documents. */
export const MAX_TOTAL_HITS = 2000;

export const FACET_ATTRIBUTES = ['topics', 'issuing_body', 'validity', 'region', 'year'] as const;

/**
 * Settings of a `passages` index: one Meilisearch document per passage, id
 * `${documentId}_${n}`, `distinct` on the document so each appears once, showing its
 * best passage.
 */
export function passageIndexSettings(synonyms: Record<string, string[]>): Settings {
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    filterableAttributes: [...FACET_ATTRIBUTES, 'document_id', 'passage_index', 'published', 'issued_at'],
    sortableAttributes: ['issued_at', 'year', 'validity_rank'],
    // `sort` right after `words`, so the newest-first view orders by date every document
    // that matches as many words, not only ties. `attribute` before `proximity`: a title
    // match says more about a policy than words that sit close together in its text.
    // Between equally good matches, a policy in force beats a revised or repealed one.
    rankingRules: ['words', 'sort', 'typo', 'attribute', 'proximity', 'validity_rank:asc', 'exactness'],
    distinctAttribute: 'document_id',
    // Chinese fields are segmented as Mandarin; the pinyin fields are left to Latin rules.
    localizedAttributes: [
      { attributePatterns: ['title_norm', 'title_synonyms_norm', 'doc_number_norm', 'issuing_body_norm', 'tags_norm', 'synonyms_norm', 'summary_norm', 'text_norm'], locales: ['cmn'] },
    ],
    synonyms,
    // Initials and 文号 are codes: a "typo" there is a different code.
    typoTolerance: { disableOnAttributes: ['title_initials', 'doc_number_norm'], disableOnNumbers: true },
    faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
  };
}

/** Creates the index if needed and applies the settings; safe to run again and again. */
export async function applyIndexSettings(client: Meilisearch, indexUid: string, synonyms: Record<string, string[]>): Promise<void> {
  await ensureIndex(client, indexUid);
  await waitForTask(client.index(indexUid).updateSettings(passageIndexSettings(synonyms)));
}

/** Creates the index (primary key `id`) unless it exists. */
export async function ensureIndex(client: Meilisearch, indexUid: string): Promise<void> {
  if (await indexExists(client, indexUid)) return;
  const task = await client.createIndex(indexUid, { primaryKey: 'id' }).waitTask({ timeout: 60_000 });
  // Another process may have created it meanwhile: that is fine.
  if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') {
    throw new Error(`could not create index ${indexUid}: ${task.error?.message ?? task.status}`);
  }
}

async function indexExists(client: Meilisearch, indexUid: string): Promise<boolean> {
  try {
    await client.getIndex(indexUid);
    return true;
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false;
    throw error;
  }
}
