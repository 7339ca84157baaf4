import type { FormInst } from 'naive-ui';
import { ref } from 'vue';

/**
 * Submitting a naive-ui form: validate, clear the previous server errors, save with `saving` on,
 * and hand a failure to the form's errors (see useFormErrors). Bind `formRef` as the NForm's ref.
 */
export function useFormSubmit(errors: { clear: () => void; show: (error: unknown) => void }) {
  const formRef = ref<FormInst | null>(null);
  const saving = ref(false);

  /** `ready` runs after validation and may stop the submit (a check naive-ui rules cannot express). */
  async function submit(save: () => Promise<void>, ready: () => boolean = () => true): Promise<void> {
    try {
      await formRef.value?.validate();
    } catch {
      return;
    }
    if (!ready()) return;
    saving.value = true;
    errors.clear();
    try {
      await save();
    } catch (cause) {
      errors.show(cause);
    } finally {
      saving.value = false;
    }
  }

  return { formRef, saving, submit };
}
