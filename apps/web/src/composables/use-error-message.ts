import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/client.ts';

/** Codes the api's validation puts on field errors (schema keywords, and text it cannot store); anything else gets a generic message. */
const VALIDATION_KEYWORDS = ['required', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'type', 'text_unstorable'];

/** "body/idNumber", "/idNumber" or "body.idNumber" all name the form field "idNumber". */
export function fieldName(path: string): string {
  return path
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/^body\./, '');
}

/** Translates api errors into the user's language; never shows the server's English text. */
export function useErrorMessage() {
  const { t, te } = useI18n();

  function codeMessage(code: string): string {
    return te(`errors.${code}`) ? t(`errors.${code}`) : t('errors.unknown');
  }

  /** Waits of a few minutes read better in minutes than as "900 seconds". */
  function waitMessage(seconds: number): string {
    return seconds < 120 ? t('errors.retryAfter', { seconds }) : t('errors.retryAfterMinutes', { minutes: Math.ceil(seconds / 60) });
  }

  /** One sentence for a toast or an alert. */
  function errorMessage(error: unknown): string {
    if (!(error instanceof ApiError)) return t('errors.unknown');
    const message = codeMessage(error.code);
    if (!error.retryAfter) return message;
    return `${message} ${waitMessage(error.retryAfter)}`;
  }

  /** The short message shown under a field, for a code the api put on that field. */
  function fieldErrorMessage(code: string): string {
    if (te(`errors.${code}`)) return t(`errors.${code}`);
    return VALIDATION_KEYWORDS.includes(code) ? t(`validation.server.${code}`) : t('validation.server.invalid');
  }

  /** "身份证号：格式不正确", for a field the form does not show. */
  function labelled(field: string, message: string): string {
    const label = te(`fields.${field}`) ? t(`fields.${field}`) : field;
    return t('validation.fieldMessage', { field: label, message });
  }

  return { errorMessage, fieldErrorMessage, labelled };
}
