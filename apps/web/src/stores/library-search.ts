import type { DocumentTopic, SearchQuery, SearchResult, Validity } from '@fieldschool/contracts';
import { documentTopics, searchSorts, validities } from '@fieldschool/contracts/constants';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import * as documentsApi from '@/api/documents.ts';
import { ApiError } from '@/api/client.ts';
import { useLatestRequest } from '@/composables/use-latest-request.ts';

export const SEARCH_PAGE_SIZE = 10;
const MAX_Q = 200;

export type SearchSort = (typeof searchSorts)[number];
/** The facets the page shows, named as in SearchResult.facets. */
export const facetNames = ['topic', 'validity', 'issuingBody', 'region', 'year'] as const;
export type FacetName = (typeof facetNames)[number];

/** Everything that decides a result page; it lives in the URL so a search can be shared and Back works. */
export interface SearchState {
  q: string;
  topic: DocumentTopic[];
  issuingBody: string[];
  validity: Validity[];
  region: string[];
  yearFrom: number | null;
  yearTo: number | null;
  sort: SearchSort;
  page: number;
}

export function emptyState(): SearchState {
  return { q: '', topic: [], issuingBody: [], validity: [], region: [], yearFrom: null, yearTo: null, sort: 'relevance', page: 1 };
}

type QueryValue = LocationQuery[string] | undefined;

function list(value: QueryValue): string[] {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()))];
}

function first(value: QueryValue): string | undefined {
  return list(value)[0];
}

function oneOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return values.filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function year(value: QueryValue): number | null {
  const n = Number(first(value));
  return Number.isInteger(n) && n >= 1949 && n <= 2100 ? n : null;
}

/** Reads a URL query leniently: a hand-edited or stale link never breaks the page, unknown values are dropped. */
export function stateFromQuery(query: LocationQuery): SearchState {
  const page = Number(first(query.page));
  const sort = first(query.sort);
  let yearFrom = year(query.yearFrom);
  let yearTo = year(query.yearTo);
  if (yearFrom !== null && yearTo !== null && yearFrom > yearTo) [yearFrom, yearTo] = [yearTo, yearFrom];
  return {
    q: (first(query.q) ?? '').slice(0, MAX_Q),
    topic: oneOf(documentTopics, list(query.topic)),
    issuingBody: list(query.issuingBody).slice(0, 10),
    validity: oneOf(validities, list(query.validity)),
    region: list(query.region).slice(0, 10),
    yearFrom,
    yearTo,
    sort: oneOf(searchSorts, sort ? [sort] : [])[0] ?? 'relevance',
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

/** The URL query for a state; defaults are left out so links stay short. */
export function queryFromState(state: SearchState): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (state.q.trim()) query.q = state.q.trim();
  if (state.topic.length) query.topic = [...state.topic];
  if (state.issuingBody.length) query.issuingBody = [...state.issuingBody];
  if (state.validity.length) query.validity = [...state.validity];
  if (state.region.length) query.region = [...state.region];
  if (state.yearFrom !== null) query.yearFrom = String(state.yearFrom);
  if (state.yearTo !== null) query.yearTo = String(state.yearTo);
  if (state.sort !== 'relevance') query.sort = state.sort;
  if (state.page > 1) query.page = String(state.page);
  return query;
}

/** A plain copy (structuredClone refuses reactive proxies). */
export function copyState(state: SearchState): SearchState {
  return { ...state, topic: [...state.topic], issuingBody: [...state.issuingBody], validity: [...state.validity], region: [...state.region] };
}

export function activeFilterCount(state: SearchState): number {
  return (
    state.topic.length +
    state.issuingBody.length +
    state.validity.length +
    state.region.length +
    (state.yearFrom !== null || state.yearTo !== null ? 1 : 0)
  );
}

/**
 * The year facet is a range on the api (yearFrom..yearTo). Ticking a year widens the range to
 * include it; unticking an end year narrows it; unticking a year inside keeps the older part.
 */
export function toggleYear(state: Pick<SearchState, 'yearFrom' | 'yearTo'>, y: number): Pick<SearchState, 'yearFrom' | 'yearTo'> {
  const from = state.yearFrom;
  const to = state.yearTo;
  if (from === null && to === null) return { yearFrom: y, yearTo: y };
  const lo = from ?? Number.NEGATIVE_INFINITY;
  const hi = to ?? Number.POSITIVE_INFINITY;
  if (y < lo || y > hi) return { yearFrom: from === null ? null : Math.min(from, y), yearTo: to === null ? null : Math.max(to, y) };
  if (from === y && to === y) return { yearFrom: null, yearTo: null };
  if (from === y) return { yearFrom: y + 1, yearTo: to };
  return { yearFrom: from, yearTo: y - 1 };
}

export function yearSelected(state: Pick<SearchState, 'yearFrom' | 'yearTo'>, y: number): boolean {
  if (state.yearFrom === null && state.yearTo === null) return false;
  return (state.yearFrom === null || y >= state.yearFrom) && (state.yearTo === null || y <= state.yearTo);
}

function toApiQuery(state: SearchState): SearchQuery {
  return {
    q: state.q.trim() || undefined,
    topic: state.topic.length ? state.topic : undefined,
    issuingBody: state.issuingBody.length ? state.issuingBody : undefined,
    validity: state.validity.length ? state.validity : undefined,
    region: state.region.length ? state.region : undefined,
    yearFrom: state.yearFrom ?? undefined,
    yearTo: state.yearTo ?? undefined,
    sort: state.sort === 'relevance' ? undefined : state.sort,
    page: state.page > 1 ? state.page : undefined,
    pageSize: SEARCH_PAGE_SIZE,
  };
}

export const useLibrarySearchStore = defineStore('library-search', () => {
  const state = ref<SearchState>(emptyState());
  const result = ref<SearchResult | null>(null);
  const request = useLatestRequest();
  const { loading, error } = request;
  /**
   * Facet values seen while that facet had no selection. The api counts facets within the current
   * filters, so after ticking one region the others would vanish; remembering them lets the user tick
   * a second one (values of one facet are OR-ed).
   */
  const knownValues = ref<Record<FacetName, string[]>>({ topic: [], validity: [], issuingBody: [], region: [], year: [] });

  /** Meilisearch is down: the page explains it instead of showing an empty list. */
  const unavailable = computed(() => error.value instanceof ApiError && error.value.code === 'search_unavailable');
  const filterCount = computed(() => activeFilterCount(state.value));
  /** The url query for the current state. */
  const routeQuery = computed(() => queryFromState(state.value));

  function rememberFacets(next: SearchResult, searched: SearchState): void {
    for (const name of facetNames) {
      const values = Object.keys(next.facets[name] ?? {});
      const selected = name === 'year' ? searched.yearFrom !== null || searched.yearTo !== null : searched[name].length > 0;
      knownValues.value[name] = selected ? [...new Set([...knownValues.value[name], ...values])] : values;
    }
  }

  /** Runs the search for the current state; only the newest call may write the result. */
  function search(): Promise<void> {
    const searched = copyState(state.value);
    return request.run(
      (signal) => documentsApi.searchDocuments(toApiQuery(searched), signal),
      (next) => {
        rememberFacets(next, searched);
        result.value = next;
      },
    );
  }

  /** Takes the state from the URL; returns whether anything changed (a new search is due). */
  function applyQuery(query: LocationQuery): boolean {
    const next = stateFromQuery(query);
    const changed = JSON.stringify(next) !== JSON.stringify(state.value) || (result.value === null && !loading.value);
    state.value = next;
    return changed;
  }

  /** A new state with the given changes; anything but a page change goes back to page 1. */
  function withChanges(changes: Partial<SearchState>): SearchState {
    return { ...state.value, page: 1, ...changes };
  }

  function $reset(): void {
    request.reset();
    state.value = emptyState();
    result.value = null;
    knownValues.value = { topic: [], validity: [], issuingBody: [], region: [], year: [] };
  }

  return { state, result, loading, error, knownValues, unavailable, filterCount, routeQuery, search, applyQuery, withChanges, $reset };
});
