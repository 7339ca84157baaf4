import { reactive, ref } from 'vue';
import { ApiError } from '@/api/client.ts';
import { fieldName, useErrorMessage } from './use-error-message.ts';

/**
 * Server errors for one form: messages for the fields the form shows go next to those fields,
 * the rest into one alert above the form.
 */
export function useFormErrors(
  formFields: readonly string[],
  /** Fields for codes the api sends without one (password_incorrect belongs to currentPassword). */
  codeFields: Readonly<Record<string, string>> = {},
) {
  const { errorMessage, fieldErrorMessage, labelled } = useErrorMessage();
  const fields = reactive<Record<string, string>>({});
  const formError = ref<string | null>(null);

  function clear(): void {
    for (const key of Object.keys(fields)) delete fields[key];
    formError.value = null;
  }

  function clearField(field: string): void {
    delete fields[field];
  }

  function show(error: unknown): void {
    clear();
    const extra: string[] = [];
    if (error instanceof ApiError) {
      const field = error.field ?? codeFields[error.code];
      const perField =
        error.errors.length > 0
          ? error.errors.map((e) => ({ field: fieldName(e.field), code: e.code }))
          : field
            ? [{ field: fieldName(field), code: error.code }]
            : [];
      for (const { field, code } of perField) {
        const message = fieldErrorMessage(code);
        if (formFields.includes(field)) fields[field] ??= message;
        else extra.push(labelled(field, message));
      }
      const placed = perField.length > 0 && extra.length === 0;
      // The summary repeats nothing already shown next to a field, except the general hint.
      formError.value = placed ? (error.code === 'validation_failed' ? errorMessage(error) : null) : [errorMessage(error), ...extra].join(' ');
      return;
    }
    formError.value = errorMessage(error);
  }

  /** naive-ui form item props for a field with a server error. */
  function itemProps(field: string) {
    const message = fields[field];
    return message ? { feedback: message, validationStatus: 'error' as const } : {};
  }

  return { fields, formError, show, clear, clearField, itemProps };
}
