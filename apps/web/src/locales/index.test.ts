import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentLocale, i18n, loadLocaleMessages, loadMessageAreas, setLocale } from './index.ts';

const t = (key: string) => i18n.global.t(key);

describe('languages', () => {
  afterEach(() => {
    localStorage.clear();
    setLocale('zh-CN');
  });

  it('starts with the default language only: English is fetched when it is chosen', async () => {
    expect(currentLocale()).toBe('zh-CN');
    expect(i18n.global.availableLocales).toEqual(['zh-CN']);

    setLocale('en');
    // The switch is immediate; until the English file is in, the default's texts stand in.
    expect(currentLocale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('fieldschool.locale')).toBe('en');
    expect(t('common.save')).toBe('保存');

    await vi.waitFor(() => expect(t('common.save')).toBe('Save'));
    expect(i18n.global.availableLocales.sort()).toEqual(['en', 'zh-CN']);
  });

  it('switches back at once, and loads a language only once', async () => {
    await loadLocaleMessages('en');
    const english = i18n.global.getLocaleMessage('en');
    setLocale('zh-CN');
    expect(t('common.save')).toBe('保存');
    setLocale('en');
    expect(t('common.save')).toBe('Save');
    await loadLocaleMessages('en');
    expect(i18n.global.getLocaleMessage('en')).toBe(english);
  });

  it("loads an area's messages when a page asks, and brings them along when the language changes", async () => {
    expect(i18n.global.te('library.title')).toBe(false);
    await loadMessageAreas(['library']);
    expect(t('library.title')).toBe('政策库');
    expect(t('common.save')).toBe('保存');

    setLocale('en');
    await vi.waitFor(() => expect(t('library.title')).toBe('Policy library'));
    expect(t('common.save')).toBe('Save');
  });

  it('starts in the language chosen earlier on this device', async () => {
    localStorage.setItem('fieldschool.locale', 'en');
    vi.resetModules();
    const fresh = await import('./index.ts');
    expect(fresh.currentLocale()).toBe('en');
    await fresh.loadLocaleMessages('en');
    expect(fresh.i18n.global.t('common.save')).toBe('Save');
  });
});
