// How a policy document is cited in Chinese official writing: 文号 then the title in book-title
// marks, e.g. 川府发〔2024〕12号《四川省……办法》. Without a 文号 the title alone is cited.
import { normalizeDocNumber } from '@fieldschool/contracts/doc-number';

export function formatCitation(doc: { title: string; docNumber: string | null }): string {
  // A title that already carries book-title marks is not wrapped twice.
  const title = doc.title.trim().replace(/^《(.*)》$/u, '$1');
  const number = doc.docNumber?.trim() ? normalizeDocNumber(doc.docNumber) : '';
  return `${number}《${title}》`;
}

/** "1.2 MB", "350 KB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
