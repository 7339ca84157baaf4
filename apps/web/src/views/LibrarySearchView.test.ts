import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n, loadMessageAreas } from '@/locales/index.ts';
import LibrarySearchView from './LibrarySearchView.vue';

async function mountAt(url: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/library', name: 'library', component: LibrarySearchView },
      { path: '/library/:id', name: 'library-document', component: { template: '<div />' } },
    ],
  });
  await router.push(url);
  await router.isReady();
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [createPinia(), i18n, router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('LibrarySearchView', () => {
  // The router loads them for the page (meta.messages); this one is mounted without it.
  beforeAll(() => loadMessageAreas(['library']));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('explains a 503 search_unavailable instead of showing an empty page', async () => {
    i18n.global.locale.value = 'zh-CN';
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(JSON.stringify({ status: 503, code: 'search_unavailable' }), { status: 503, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    const { wrapper } = await mountAt('/library?q=%E4%BD%8E%E4%BF%9D&topic=poverty_relief');
    const alert = wrapper.find('[data-testid="library-unavailable"]');
    expect(alert.exists()).toBe(true);
    expect(alert.text()).toContain('搜索暂时不可用');
    expect(wrapper.find('[data-testid="library-empty"]').exists()).toBe(false);
    // The query from the URL reached the api and the search box.
    const url = String((vi.mocked(fetch).mock.calls[0] as unknown[])[0]);
    expect(decodeURIComponent(url)).toContain('q=低保&topic=poverty_relief');
    expect((wrapper.find('input[type="search"]').element as HTMLInputElement).value).toBe('低保');
    wrapper.unmount();
  });
});
