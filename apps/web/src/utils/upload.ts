import { MAX_UPLOAD_BYTES } from '@fieldschool/contracts/constants';

/** What the api can extract text from: PDF, DOCX, HTML, plain text and Markdown. */
export const UPLOAD_ACCEPT = '.pdf,.docx,.html,.htm,.txt,.md';

/** Checked before sending, so nobody waits minutes on a weak connection to be told "too large". */
export function isTooLarge(file: Pick<File, 'size'>): boolean {
  return file.size > MAX_UPLOAD_BYTES;
}
