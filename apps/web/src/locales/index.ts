import type { Locale } from '@fieldschool/contracts';
import { createI18n } from 'vue-i18n';
import { locales } from '@fieldschool/contracts/constants';
import en from './en.ts';
import zhCN, { type Messages } from './zh-CN.ts';

export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'fieldschool.locale';

export const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

/** The message key naming each language in the switcher. */
export const localeLabelKeys: Record<Locale, string> = { 'zh-CN': 'language.zhCN', en: 'language.en' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The language chosen on this device earlier, if any (localStorage can throw in private modes). */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: storedLocale() ?? DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
}
