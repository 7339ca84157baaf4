import type {
  DocumentDetail,
  DocumentMetadata,
  DocumentPage,
  SearchQuery,
  SearchResult,
  Suggestions,
} from '@fieldschool/contracts';
import { API_BASE, request } from './client.ts';

export function searchDocuments(query: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
  return request('GET', '/search', { query, signal });
}

export function suggestTitles(q: string, signal?: AbortSignal): Promise<Suggestions> {
  return request('GET', '/search/suggest', { query: { q }, signal });
}

export function listDocuments(query: { cursor?: string; limit?: number } = {}, signal?: AbortSignal): Promise<DocumentPage> {
  return request('GET', '/documents', { query, signal });
}

export function getDocument(id: string, signal?: AbortSignal): Promise<DocumentDetail> {
  return request('GET', `/documents/${encodeURIComponent(id)}`, { signal });
}

/** Multipart: the file plus the metadata as one JSON field; the client adds the CSRF header. */
export function createDocument(file: File, metadata: DocumentMetadata): Promise<DocumentDetail> {
  const body = new FormData();
  body.append('metadata', JSON.stringify(metadata));
  body.append('file', file, file.name);
  return request('POST', '/documents', { body });
}

export function addDocumentVersion(id: string, file: File): Promise<DocumentDetail> {
  const body = new FormData();
  body.append('file', file, file.name);
  return request('POST', `/documents/${encodeURIComponent(id)}/versions`, { body });
}

export function updateDocument(id: string, body: DocumentMetadata): Promise<DocumentDetail> {
  return request('PATCH', `/documents/${encodeURIComponent(id)}`, { body });
}

export function deleteDocument(id: string): Promise<void> {
  return request('DELETE', `/documents/${encodeURIComponent(id)}`);
}

/** A plain link (the browser downloads it with the session cookie), not a fetch. */
export function versionFileUrl(documentId: string, versionId: string): string {
  return `${API_BASE}/documents/${encodeURIComponent(documentId)}/versions/${encodeURIComponent(versionId)}/file`;
}
