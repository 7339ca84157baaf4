// How a policy document is cited in Chinese official writing: 文号 then the title in book-title
// marks, e.g. 川府发〔2024〕12号《四川省……办法》. Without a 文号 the title alone is cited.
import { normalizeDocNumber } from '@fieldschool/contracts/doc-number';

export function formatCitation(doc: { title: string; docNumber: string | null }): string {
  // A title that already carries book-title marks is not wrapped twice.
  const title = doc.title.trim().replace(/^《(.*)》$/u, '$1');
  const number = doc.docNumber?.trim() ? normalizeDocNumber(doc.docNumber) : '';
  return `${number}《${title}》`;
}

/**
 * Copies text to the clipboard. The async clipboard API needs a secure context (HTTPS or
 * localhost); village deployments on plain HTTP get the old execCommand path instead.
 */
export async function copyText(text: string): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.clipboard && typeof window !== 'undefined' && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied or not focused: try the fallback.
    }
  }
  if (typeof document === 'undefined') return false;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** "1.2 MB", "350 KB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
