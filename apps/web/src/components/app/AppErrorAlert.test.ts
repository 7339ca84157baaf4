import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import { ApiError } from '@/api/client.ts';
import { i18n } from '@/locales/index.ts';
import AppErrorAlert from './AppErrorAlert.vue';

const error = new ApiError({ status: 0, code: 'network_error' });

function mountAlert(listeners: Record<string, unknown> = {}) {
  i18n.global.locale.value = 'zh-CN';
  return mount({ render: () => h(AppErrorAlert, { error, ...listeners }) }, { global: { plugins: [i18n] } });
}

describe('AppErrorAlert', () => {
  it('says the error in the user language and offers a retry only to a listener', async () => {
    const onRetry = vi.fn();
    const withRetry = mountAlert({ onRetry });
    expect(withRetry.get('[role="alert"]').text()).toContain('无法连接服务器');
    await withRetry.get('button').trigger('click');
    expect(onRetry).toHaveBeenCalledOnce();

    expect(mountAlert().find('button').exists()).toBe(false);
  });
});
