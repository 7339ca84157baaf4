import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n, loadLocaleMessages } from '@/locales/index.ts';
import AuthLoginForm from './AuthLoginForm.vue';

function mountForm() {
  return mount(AuthLoginForm, { global: { plugins: [createPinia(), i18n] }, attachTo: document.body });
}

async function signIn(wrapper: ReturnType<typeof mountForm>) {
  await wrapper.find('#login-username').setValue('admin');
  await wrapper.find('#login-password').setValue('wrong-password');
  await wrapper.find('form').trigger('submit');
  await flushPromises();
  // naive-ui validates asynchronously; let it settle, then the login request.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await flushPromises();
}

describe('AuthLoginForm', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('shows the translated message for invalid_credentials', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'invalid_credentials' }), {
          status: 401,
          headers: { 'content-type': 'application/problem+json' },
        }),
      ),
    );
    const wrapper = mountForm();
    await signIn(wrapper);
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('用户名或密码错误');
    expect((wrapper.find('#login-password').element as HTMLInputElement).value).toBe('');

    await loadLocaleMessages('en');
    i18n.global.locale.value = 'en';
    await flushPromises();
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('Wrong username or password.');
    wrapper.unmount();
  });

  it('adds the wait from Retry-After when rate limited', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(JSON.stringify({ status: 429, code: 'rate_limited' }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '60' },
        }),
      ),
    );
    const wrapper = mountForm();
    await signIn(wrapper);
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('请在 60 秒后重试');
    expect(wrapper.emitted('success')).toBeUndefined();
    wrapper.unmount();
  });

  it('tells a throttled sign-in how long to wait, in minutes once it is long', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(JSON.stringify({ status: 429, code: 'sign_in_throttled' }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '850' },
        }),
      ),
    );
    const wrapper = mountForm();
    await signIn(wrapper);
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('登录失败次数过多');
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('请在 15 分钟后重试');
    await loadLocaleMessages('en');
    i18n.global.locale.value = 'en';
    await flushPromises();
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('Try again in 15 minutes.');
    wrapper.unmount();
  });

  it('emits success after signing in', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(
          JSON.stringify({
            csrfToken: 't',
            orgUnitPath: ['白玉县'],
            user: {
              id: '00000000-0000-4000-8000-000000000001',
              username: 'admin',
              displayName: '管理员',
              role: 'admin',
              orgUnitId: '00000000-0000-4000-8000-000000000002',
              orgUnitName: '白玉县',
              phone: null,
              locale: 'zh-CN',
              active: true,
              createdAt: '2024-01-01T00:00:00Z',
              updatedAt: '2024-01-01T00:00:00Z',
            },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
      ),
    );
    const wrapper = mountForm();
    await signIn(wrapper);
    expect(wrapper.emitted('success')).toHaveLength(1);
    expect(wrapper.find('[data-testid="login-error"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
