import type { Locale } from '@fieldschool/contracts';
import { createI18n } from 'vue-i18n';
import { locales } from '@fieldschool/contracts/constants';
import shell from './zh-CN/shell.ts';

/** What every page may show: the shell's messages. Every language has exactly the keys of the default one, area by area. */
export type Messages = typeof shell;

export const DEFAULT_LOCALE = 'zh-CN' satisfies Locale;
const STORAGE_KEY = 'fieldschool.locale';

/**
 * The pages' messages, split by area: one key namespace, each top-level key in one area's file
 * (src/locales/<language>/<area>.ts). A route names its areas (RouteMeta.messages) and the router
 * loads them beside the page's code, so the first page over a weak link carries only its own.
 */
export const messageAreas = ['library', 'schedule', 'checkin', 'farmers', 'secretaries', 'reports', 'dashboard', 'admin'] as const;
export type MessageArea = (typeof messageAreas)[number];

type MessageFile = () => Promise<{ default: object }>;

/**
 * The default language's shell is in the first bundle; every other file is a chunk of its own
 * (one per file the glob finds), fetched when needed: most people never switch, and never open
 * most areas.
 */
const lazyMessageFiles = import.meta.glob<{ default: object }>(['./*/*.ts', '!./zh-CN/shell.ts']);

function messageFile(locale: Locale, part: MessageArea | 'shell'): MessageFile {
  if (locale === DEFAULT_LOCALE && part === 'shell') return () => Promise.resolve({ default: shell });
  return lazyMessageFiles[`./${locale}/${part}.ts`]!;
}

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
  messages: { [DEFAULT_LOCALE]: shell },
  missingWarn: false,
  fallbackWarn: false,
});

/** One fetch per file: concurrent callers share it; a failed one is tried again next time. */
const loading = new Map<string, Promise<void>>();
/** The areas the pages opened so far have asked for: a language switched to brings them too. */
const areasInUse = new Set<MessageArea>();

function load(locale: Locale, part: MessageArea | 'shell'): Promise<void> {
  const key = `${locale}/${part}`;
  let pending = loading.get(key);
  if (!pending) {
    // Merged, whatever arrives first: each file brings top-level keys of its own.
    pending = messageFile(locale, part)().then((file) => i18n.global.mergeLocaleMessage(locale, file.default));
    pending.catch(() => loading.delete(key));
    loading.set(key, pending);
  }
  return pending;
}

/** Makes a language's messages available (each file fetched once): its shell, then the areas in use. */
export async function loadLocaleMessages(locale: Locale): Promise<void> {
  if (locale !== DEFAULT_LOCALE) await load(locale, 'shell');
  await Promise.all([...areasInUse].map((area) => load(locale, area)));
}

/**
 * Makes the areas' messages available in the current language and in the default one, which
 * stands in while another language's files are on the way and so must always be complete.
 */
export async function loadMessageAreas(areas: readonly MessageArea[]): Promise<void> {
  areas.forEach((area) => areasInUse.add(area));
  const languages = new Set<Locale>([DEFAULT_LOCALE, currentLocale()]);
  await Promise.all([...languages].flatMap((locale) => areas.map((area) => load(locale, area))));
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
