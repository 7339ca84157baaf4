import { describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import type * as VueI18n from 'vue-i18n';
import { ApiError } from '@/api/client.ts';
import { i18n } from '@/locales/index.ts';
import { useFormErrors } from './use-form-errors.ts';

// useI18n needs a component; the global composer stands in for it here.
vi.mock('vue-i18n', async (importOriginal) => ({
  ...(await importOriginal<typeof VueI18n>()),
  useI18n: () => i18n.global,
}));

function setup(fields: string[], codeFields?: Record<string, string>) {
  i18n.global.locale.value = 'zh-CN';
  return effectScope().run(() => useFormErrors(fields, codeFields))!;
}

describe('useFormErrors', () => {
  it('puts a field error next to its field and keeps the alert for what is not shown', () => {
    const form = setup(['idNumber', 'name']);
    form.show(new ApiError({ status: 400, code: 'id_number_invalid', field: 'idNumber' }));
    expect(form.fields.idNumber).toBe('身份证号无效，请核对。');
    expect(form.itemProps('idNumber')).toEqual({ feedback: '身份证号无效，请核对。', validationStatus: 'error' });
    expect(form.formError.value).toBeNull();

    form.show(
      new ApiError({
        status: 400,
        code: 'validation_failed',
        errors: [
          { field: '/name', code: 'maxLength', message: 'must be shorter' },
          { field: 'body.phone', code: 'pattern', message: 'bad' },
        ],
      }),
    );
    expect(form.fields.idNumber).toBeUndefined();
    expect(form.fields.name).toBe('内容太长');
    expect(form.formError.value).toBe('提交的内容有误，请检查标红的项目。 手机号：格式不正确');
  });

  it('places field-less codes by the given map, and clears a field when edited', () => {
    const form = setup(['currentPassword', 'newPassword'], { password_incorrect: 'currentPassword' });
    form.show(new ApiError({ status: 400, code: 'password_incorrect' }));
    expect(form.fields.currentPassword).toBe('当前密码不正确。');
    form.clearField('currentPassword');
    expect(form.itemProps('currentPassword')).toEqual({});
    form.show(new ApiError({ status: 0, code: 'network_error' }));
    expect(form.formError.value).toBe('无法连接服务器，请检查网络后重试。');
  });

  it('says a field holds text that cannot be saved (a NUL or a broken character the api refuses)', () => {
    const form = setup(['name']);
    form.show(new ApiError({ status: 400, code: 'validation_failed', field: 'name', errors: [{ field: 'name', code: 'text_unstorable', message: 'x' }] }));
    expect(form.fields.name).toBe('含有无法保存的字符（控制字符或损坏的文字），请重新输入');
  });
});
