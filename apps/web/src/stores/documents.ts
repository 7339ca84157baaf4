import type { DocumentDetail, DocumentMetadata, DocumentSummary } from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as documentsApi from '@/api/documents.ts';

const PAGE_SIZE = 30;

/** The document list for admins (newest first) and the document page's reads and writes. */
export const useDocumentsStore = defineStore('documents', () => {
  const items = ref<DocumentSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<unknown>(null);

  let controller: AbortController | null = null;

  async function fetchPage(cursor: string | null): Promise<void> {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    loading.value = true;
    error.value = null;
    try {
      const page = await documentsApi.listDocuments({ cursor: cursor ?? undefined, limit: PAGE_SIZE }, own.signal);
      if (own.signal.aborted) return;
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      loaded.value = true;
    } catch (cause) {
      if (own.signal.aborted) return;
      error.value = cause;
    } finally {
      if (controller === own) {
        loading.value = false;
        controller = null;
      }
    }
  }

  function refresh(): Promise<void> {
    return fetchPage(null);
  }

  function loadMore(): Promise<void> {
    if (!nextCursor.value || loading.value) return Promise.resolve();
    return fetchPage(nextCursor.value);
  }

  function get(id: string): Promise<DocumentDetail> {
    return documentsApi.getDocument(id);
  }

  function remember(document: DocumentDetail): void {
    const index = items.value.findIndex((d) => d.id === document.id);
    const { text: _text, textStatus: _status, versions: _versions, replaces: _r, replacedBy: _rb, linkedFrom: _l, ...summary } = document;
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
    controller?.abort();
    controller = null;
    items.value = [];
    nextCursor.value = null;
    loading.value = false;
    loaded.value = false;
    error.value = null;
  }

  return { items, nextCursor, loading, loaded, error, refresh, loadMore, get, upload, addVersion, update, remove, $reset };
});
