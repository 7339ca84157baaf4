import type { Locale } from '@fieldschool/contracts';
import { createI18n } from 'vue-i18n';
import { locales } from '@fieldschool/contracts/constants';
import zhCN from './zh-CN.ts';

/** Every language has exactly the keys of the default one. */
export type Messages = typeof zhCN;

export const DEFAULT_LOCALE = 'zh-CN' satisfies Locale;
const STORAGE_KEY = 'fieldschool.locale';

/**
 * The default language is in the first bundle; any other is its own file, fetched when it is
 * chosen: most people never switch, and over a weak link every kB of the first page counts.
 */
const messageLoaders: Record<Locale, () => Promise<Messages>> = {
  [DEFAULT_LOCALE]: () => Promise.resolve(zhCN),
  en: () => import('./en.ts').then((module) => module.default),
};

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

/**
 * vue-i18n's types take the locales of each resource: messages start with the default language
 * only, while the locale (typed by the union of all three) can be any of ours.
 */
type LoadedLocales = { messages: typeof DEFAULT_LOCALE; datetimeFormats: Locale; numberFormats: Locale };

export const i18n = createI18n<[Messages], LoadedLocales, false>({
  legacy: false,
  locale: storedLocale() ?? DEFAULT_LOCALE,
  // Also what a language shows while its messages are still on the way.
  fallbackLocale: DEFAULT_LOCALE,
  messages: { [DEFAULT_LOCALE]: zhCN },
  missingWarn: false,
  fallbackWarn: false,
});

/** Makes a language's messages available (fetched once); the texts on screen follow when they arrive. */
export async function loadLocaleMessages(locale: Locale): Promise<void> {
  if (i18n.global.availableLocales.includes(locale)) return;
  i18n.global.setLocaleMessage(locale, await messageLoaders[locale]());
}

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Switches the language now; its texts appear as soon as its messages are loaded. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
  // Unreachable (offline, before the file was ever fetched): the default language's texts stay.
  loadLocaleMessages(locale).catch(() => undefined);
}
