import type { Meilisearch } from 'meilisearch';
import { waitForTask } from './client.ts';
import { normalizeDocNumber } from './doc-number.ts';
import { VALIDITIES, filterValue, type Topic, type Validity } from './filter.ts';
import { normalizeText } from './normalize.ts';
import { splitPassages } from './passages.ts';
import { titlePinyin } from './pinyin.ts';
import { applyIndexSettings, ensureIndex } from './settings.ts';
import { DEFAULT_SYNONYM_GROUPS, synonymExpansion, toMeiliSynonyms, type SynonymGroup } from './synonyms.ts';

/** A policy document as the indexer takes it (the api maps its rows to this). */
export interface PolicyDocumentInput {
  /** Letters, digits, '-' and '_' only (a UUID is fine): it becomes part of Meilisearch ids. */
  id: string;
  title: string;
  docNumber: string | null;
  issuingBody: string | null;
  /** 'YYYY-MM-DD' */
  issuedOn: string | null;
  validity: Validity;
  topics: Topic[];
  region: string | null;
  tags: string[];
  summary: string | null;
  published: boolean;
  /** The extracted text (may be empty for a scan: title and metadata are still indexed). */
  text: string;
}

/** One Meilisearch document: a passage, with its document's fields copied onto it. */
export interface PassageDocument {
  id: string;
  document_id: string;
  passage_index: number;
  heading: string | null;
  /** The passage as written: not searched; the search snippet is cut from it. */
  text: string;
  /** `normalizeText(text)`: searched, and cropped and marked by Meilisearch (mapped back onto `text`). */
  text_norm: string;
  title: string;
  title_norm: string;
  title_pinyin: string;
  title_initials: string;
  doc_number: string | null;
  doc_number_norm: string | null;
  issuing_body: string | null;
  issuing_body_norm: string | null;
  issued_on: string | null;
  /** Unix seconds (UTC midnight of issuedOn) for sorting; absent when not known. */
  issued_at?: number;
  year?: number;
  validity: Validity;
  /** 0 in force, 1 revised, 2 repealed: ranks documents in force first among equal matches. */
  validity_rank: number;
  topics: Topic[];
  region: string | null;
  tags: string[];
  tags_norm: string[];
  summary: string | null;
  summary_norm: string | null;
  /** Other spellings of the synonym groups the title mentions (see `synonymExpansion`). */
  title_synonyms_norm: string;
  /** Same for the rest of the document. */
  synonyms_norm: string;
  published: boolean;
}

const ID = /^[A-Za-z0-9_-]{1,400}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BATCH = 500;

function checkId(id: string): void {
  if (!ID.test(id)) throw new Error(`document id ${JSON.stringify(id)} has characters Meilisearch ids cannot hold`);
}

function dateFields(issuedOn: string | null): { issued_at?: number; year?: number } {
  const match = issuedOn ? DATE.exec(issuedOn) : null;
  if (!match) return {};
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(time)) return {};
  return { issued_at: Math.floor(time / 1000), year: Number(match[1]) };
}

/** Splits a document into passage documents for the index. */
export function buildPassageDocuments(doc: PolicyDocumentInput, synonyms: readonly SynonymGroup[] = DEFAULT_SYNONYM_GROUPS): PassageDocument[] {
  checkId(doc.id);
  const { pinyin, initials } = titlePinyin(doc.title);
  const passages = splitPassages(doc.text);
  const titleNorm = normalizeText(doc.title);
  const bodyText = [...[doc.summary ?? '', ...doc.tags].map(normalizeText), ...passages.map((p) => p.textNorm)].join('\n');
  const shared = {
    document_id: doc.id,
    title: doc.title,
    title_norm: titleNorm,
    title_pinyin: pinyin,
    title_initials: initials,
    doc_number: doc.docNumber,
    doc_number_norm: doc.docNumber === null ? null : normalizeText(normalizeDocNumber(doc.docNumber)),
    issuing_body: doc.issuingBody,
    issuing_body_norm: doc.issuingBody === null ? null : normalizeText(doc.issuingBody),
    issued_on: doc.issuedOn,
    ...dateFields(doc.issuedOn),
    validity: doc.validity,
    validity_rank: VALIDITIES.indexOf(doc.validity),
    topics: doc.topics,
    region: doc.region,
    tags: doc.tags,
    tags_norm: doc.tags.map(normalizeText),
    summary: doc.summary,
    summary_norm: doc.summary === null ? null : normalizeText(doc.summary),
    title_synonyms_norm: synonymExpansion(titleNorm, synonyms).join(' '),
    synonyms_norm: synonymExpansion(bodyText, synonyms).join(' '),
    published: doc.published,
  };
  // A document without text still gets one entry, so its title and metadata are found.
  const parts = passages.length > 0 ? passages : [{ index: 0, heading: null, text: '', textNorm: '' }];
  return parts.map((p) => ({
    id: `${doc.id}_${p.index}`,
    passage_index: p.index,
    heading: p.heading,
    text: p.text,
    text_norm: p.textNorm,
    ...shared,
  }));
}

/**
 * (Re)indexes one document. New passages overwrite old ones by id first, then only the
 * passages past the new count are deleted, so the document never disappears meanwhile.
 */
export async function indexDocument(
  client: Meilisearch,
  indexUid: string,
  doc: PolicyDocumentInput,
  synonyms: readonly SynonymGroup[] = DEFAULT_SYNONYM_GROUPS,
): Promise<void> {
  const passages = buildPassageDocuments(doc, synonyms);
  const index = client.index<PassageDocument>(indexUid);
  await waitForTask(index.addDocuments(passages));
  await waitForTask(index.deleteDocuments({ filter: `document_id = ${filterValue(doc.id)} AND passage_index >= ${passages.length}` }));
}

export async function removeDocument(client: Meilisearch, indexUid: string, documentId: string): Promise<void> {
  checkId(documentId);
  await waitForTask(client.index(indexUid).deleteDocuments({ filter: `document_id = ${filterValue(documentId)}` }));
}

/**
 * Rebuilds the index from scratch with no empty window: builds `${indexUid}_${time}`,
 * swaps it with the live index (created empty first if missing) and deletes the old one.
 */
export async function rebuildIndex(
  client: Meilisearch,
  indexUid: string,
  docs: Iterable<PolicyDocumentInput> | AsyncIterable<PolicyDocumentInput>,
  synonyms: readonly SynonymGroup[] = DEFAULT_SYNONYM_GROUPS,
): Promise<{ documents: number; passages: number }> {
  const staging = `${indexUid}_${Date.now()}`;
  await applyIndexSettings(client, staging, toMeiliSynonyms(synonyms));
  const index = client.index<PassageDocument>(staging);
  let documents = 0;
  let batch: PassageDocument[] = [];
  let passages = 0;
  try {
    for await (const doc of docs) {
      batch.push(...buildPassageDocuments(doc, synonyms));
      documents += 1;
      if (batch.length >= BATCH) {
        passages += batch.length;
        await waitForTask(index.addDocuments(batch));
        batch = [];
      }
    }
    if (batch.length > 0) {
      passages += batch.length;
      await waitForTask(index.addDocuments(batch));
    }
    await ensureIndex(client, indexUid);
    await waitForTask(client.swapIndexes([{ indexes: [indexUid, staging], rename: false }]));
  } finally {
    // After the swap `staging` holds the old index; after a failure, the half-built one.
    await waitForTask(client.deleteIndex(staging));
  }
  return { documents, passages };
}
