import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { i18n, loadMessageAreas } from '@/locales/index.ts';
import LibraryDocumentText from './LibraryDocumentText.vue';

type Props = InstanceType<typeof LibraryDocumentText>['$props'];

function mountText(component: typeof LibraryDocumentText, document: Props['document']) {
  i18n.global.locale.value = 'zh-CN';
  return mount(component, { props: { document }, global: { plugins: [i18n] } });
}

describe('LibraryDocumentText', () => {
  // The library pages' messages, which the router loads for them.
  beforeAll(() => loadMessageAreas(['library']));
  afterEach(() => {
    vi.doUnmock('./LibraryRichText.vue');
    vi.useRealTimers();
  });

  it('shows plain text as written, line breaks and a "#" included', () => {
    const text = '第一条 参保范围。\n# 不是标题\n第二条 缴费标准。';
    const wrapper = mountText(LibraryDocumentText, { text, textFormat: 'plain', textStatus: 'ok' });
    const shown = wrapper.get('[data-testid="library-text"]');
    expect(shown.element.textContent).toBe(text);
    expect(shown.classes()).toContain('plain');
    expect(shown.find('h3').exists()).toBe(false);
  });

  it('renders Markdown once the renderer has loaded', async () => {
    const wrapper = mountText(LibraryDocumentText, { text: '# 白玉县医保报销办法\n\n第一条', textFormat: 'markdown', textStatus: 'ok' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="library-text"] h3').exists()).toBe(true), { timeout: 10_000 });
    expect(wrapper.get('h3').text()).toBe('白玉县医保报销办法');
  });

  it('says so when the renderer cannot be loaded, and still shows Markdown as written', async () => {
    vi.useFakeTimers();
    vi.resetModules();
    vi.doMock('./LibraryRichText.vue', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { default: OfflineText } = await import('./LibraryDocumentText.vue');
    const wrapper = mountText(OfflineText, { text: '# 白玉县医保报销办法', textFormat: 'markdown', textStatus: 'ok' });
    await vi.runAllTimersAsync();
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('排版没能加载');
    expect(wrapper.get('[data-testid="library-text"]').text()).toBe('# 白玉县医保报销办法');
  });

  it('points to the original file when nothing could be extracted', () => {
    const wrapper = mountText(LibraryDocumentText, { text: '', textFormat: 'plain', textStatus: 'no_text' });
    expect(wrapper.text()).toContain('请下载原文件查看');
    expect(wrapper.find('[data-testid="library-text"]').exists()).toBe(false);
  });
});
