import { Type, type Static } from 'typebox';
import { Cursor, Limit, Timestamp, Uuid } from './common.ts';
import { documentTopics, searchSorts, validities } from './constants.ts';
import { textLimits } from './limits.ts';

export const DocumentTopic = Type.Enum(documentTopics);
export type DocumentTopic = Static<typeof DocumentTopic>;

/** 有效 / 已修订 / 已废止 */
export const Validity = Type.Enum(validities);
export type Validity = Static<typeof Validity>;

export const IsoDate = Type.String({ format: 'date' });

/** Whether text could be read from the file; a scan without a text layer is `no_text`. */
const TextStatus = Type.Enum(['ok', 'no_text']);

export const DocumentVersion = Type.Object({
  id: Uuid,
  versionNo: Type.Integer(),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  textStatus: TextStatus,
  createdAt: Timestamp,
});
export type DocumentVersion = Static<typeof DocumentVersion>;

const DocumentLink = Type.Object({ id: Uuid, title: Type.String(), docNumber: Type.Union([Type.String(), Type.Null()]) });

/** The metadata a list, a search hit and the document page all show. */
const catalogueFields = {
  docNumber: Type.Union([Type.String(), Type.Null()]),
  issuingBody: Type.String(),
  issuedOn: Type.Union([IsoDate, Type.Null()]),
  validity: Validity,
  topics: Type.Array(DocumentTopic),
  region: Type.String(),
  tags: Type.Array(Type.String()),
  published: Type.Boolean(),
};

export const DocumentSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  ...catalogueFields,
  summary: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type DocumentSummary = Static<typeof DocumentSummary>;

/** The document page: metadata, the original text, its versions and its links. */
export const DocumentDetail = Type.Object({
  ...DocumentSummary.properties,
  /** The current version's text, written in `textFormat`. */
  text: Type.String(),
  /** Markdown and HTML uploads keep their own markup (the page renders it sanitised); other files give extracted plain text. */
  textFormat: Type.Enum(['plain', 'markdown', 'html']),
  textStatus: TextStatus,
  versions: Type.Array(DocumentVersion),
  replaces: Type.Union([DocumentLink, Type.Null()]),
  replacedBy: Type.Union([DocumentLink, Type.Null()]),
  /** Courses and printed materials that cite this document. */
  linkedFrom: Type.Array(Type.Object({ kind: Type.Enum(['course', 'material']), id: Uuid, title: Type.String() })),
});
export type DocumentDetail = Static<typeof DocumentDetail>;

const Title = Type.String(textLimits.documentTitle);
const Tag = Type.String(textLimits.documentTag);

/** Metadata sent with an upload (as a JSON form field) or on its own to edit. */
export const DocumentMetadata = Type.Object(
  {
    title: Type.Optional(Title),
    docNumber: Type.Optional(Type.Union([Type.String(textLimits.docNumber), Type.Null()])),
    issuingBody: Type.Optional(Type.String(textLimits.issuingBody)),
    issuedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    validity: Type.Optional(Validity),
    topics: Type.Optional(Type.Array(DocumentTopic, { maxItems: 5, uniqueItems: true })),
    region: Type.Optional(Type.String(textLimits.region)),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
    summary: Type.Optional(Type.String(textLimits.documentSummary)),
    published: Type.Optional(Type.Boolean()),
    replacesId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);
export type DocumentMetadata = Static<typeof DocumentMetadata>;

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String(textLimits.searchQuery)),
    topic: Type.Optional(Type.Array(DocumentTopic, { maxItems: 5 })),
    issuingBody: Type.Optional(Type.Array(Type.String(textLimits.issuingBody), { maxItems: 10 })),
    validity: Type.Optional(Type.Array(Validity, { maxItems: 3 })),
    region: Type.Optional(Type.Array(Type.String(textLimits.region), { maxItems: 10 })),
    yearFrom: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
    yearTo: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
    sort: Type.Optional(Type.Enum(searchSorts)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  documentId: Uuid,
  title: Type.String(),
  /** HTML: the title with matches in <mark></mark>; everything else escaped. */
  titleHighlighted: Type.String(),
  /** HTML: a cut of the best-matching passage, marked and escaped the same way. */
  snippet: Type.String(),
  heading: Type.Union([Type.String(), Type.Null()]),
  ...catalogueFields,
});
export type SearchHit = Static<typeof SearchHit>;

const FacetCounts = Type.Record(Type.String(), Type.Integer());

export const SearchResult = Type.Object({
  hits: Type.Array(SearchHit),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  totalPages: Type.Integer(),
  facets: Type.Object({
    topic: FacetCounts,
    issuingBody: FacetCounts,
    validity: FacetCounts,
    region: FacetCounts,
    year: FacetCounts,
  }),
  /** The query as the engine saw it after normalisation (traditional → simplified, pinyin removed). */
  normalizedQuery: Type.String(),
  /** Time Meilisearch spent, in ms. */
  processingTimeMs: Type.Integer(),
});
export type SearchResult = Static<typeof SearchResult>;

export const SuggestQuery = Type.Object({ q: Type.String(textLimits.searchQuery) }, { additionalProperties: false });
export const Suggestions = Type.Object({
  items: Type.Array(
    Type.Object({ documentId: Uuid, title: Type.String(), titleHighlighted: Type.String(), docNumber: Type.Union([Type.String(), Type.Null()]) }),
  ),
});
export type Suggestions = Static<typeof Suggestions>;

export const SynonymGroup = Type.Object({ id: Uuid, terms: Type.Array(Type.String()) });
export type SynonymGroup = Static<typeof SynonymGroup>;
export const SynonymGroupInput = Type.Object(
  { terms: Type.Array(Type.String(textLimits.synonymTerm), { minItems: 2, maxItems: 20, uniqueItems: true }) },
  { additionalProperties: false },
);
export type SynonymGroupInput = Static<typeof SynonymGroupInput>;
export const SynonymList = Type.Object({ items: Type.Array(SynonymGroup) });
export type SynonymList = Static<typeof SynonymList>;

export const DocumentListQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) },
  { additionalProperties: false },
);
export const DocumentPage = Type.Object({ items: Type.Array(DocumentSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type DocumentPage = Static<typeof DocumentPage>;

