import type { DocumentDetail, DocumentMetadata, DocumentSummary } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import * as documentsApi from '@/api/documents.ts';
import { useCursorList } from '@/composables/use-cursor-list.ts';

const PAGE_SIZE = 30;

/** The document list for admins (newest first) and the document page's reads and writes. */
export const useDocumentsStore = defineStore('documents', () => {
  const list = useCursorList<DocumentSummary>((cursor, signal) => documentsApi.listDocuments({ cursor, limit: PAGE_SIZE }, signal));
  const { items, nextCursor, loading, loaded, error, loadFirst: refresh, loadMore } = list;

  function get(id: string): Promise<DocumentDetail> {
    return documentsApi.getDocument(id);
  }

  function remember(document: DocumentDetail): void {
    const index = items.value.findIndex((d) => d.id === document.id);
    const { text: _text, textFormat: _format, textStatus: _status, versions: _versions, replaces: _r, replacedBy: _rb, linkedFrom: _l, ...summary } = document;
    if (index >= 0) items.value.splice(index, 1, summary);
    else if (loaded.value) items.value.unshift(summary);
  }

  async function upload(file: File, metadata: DocumentMetadata): Promise<DocumentDetail> {
    const document = await documentsApi.createDocument(file, metadata);
    remember(document);
    return document;
  }

  async function addVersion(id: string, file: File): Promise<DocumentDetail> {
    const document = await documentsApi.addDocumentVersion(id, file);
    remember(document);
    return document;
  }

  async function update(id: string, metadata: DocumentMetadata): Promise<DocumentDetail> {
    const document = await documentsApi.updateDocument(id, metadata);
    remember(document);
    return document;
  }

  async function remove(id: string): Promise<void> {
    await documentsApi.deleteDocument(id);
    items.value = items.value.filter((d) => d.id !== id);
  }

  function $reset(): void {
    list.reset();
  }

  return { items, nextCursor, loading, loaded, error, refresh, loadMore, get, upload, addVersion, update, remove, $reset };
});
