import { documentTopics, errorCodes, validities } from '@fieldschool/contracts/constants';
import { describe, expect, it } from 'vitest';
import { messageAreas } from './index.ts';

type Tree = Record<string, unknown>;

/** Every message file, by language and part ("zh-CN/library"). */
const files = import.meta.glob<Tree>('./*/*.ts', { import: 'default', eager: true });
const parts = ['shell', ...messageAreas];
const file = (locale: string, part: string) => files[`./${locale}/${part}.ts`]!;

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('locales', () => {
  it('has one file per language for the shell and each area, and no other', () => {
    const expected = ['zh-CN', 'en'].flatMap((locale) => parts.map((part) => `./${locale}/${part}.ts`));
    expect(Object.keys(files).sort()).toEqual(expected.sort());
  });

  it.each(parts)('zh-CN and en have the same keys in %s', (part) => {
    expect(keys(file('en', part)).sort()).toEqual(keys(file('zh-CN', part)).sort());
  });

  it('gives every top-level key to one part only: the areas merge into one namespace', () => {
    const owners = parts.flatMap((part) => Object.keys(file('zh-CN', part)));
    expect(owners.length).toBeGreaterThan(parts.length);
    expect(new Set(owners).size).toBe(owners.length);
  });

  it('every message is a non-empty string', () => {
    for (const tree of Object.values(files)) {
      for (const key of keys(tree)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Tree)[part], tree);
        expect(typeof value === 'string' && value.trim() !== '', key).toBe(true);
      }
    }
  });

  it('has a message in the shell for every api error code', () => {
    for (const locale of ['zh-CN', 'en']) {
      for (const code of errorCodes) expect(file(locale, 'shell').errors, code).toHaveProperty(code);
    }
  });

  it('names in the shell every document topic and validity the contracts know', () => {
    for (const locale of ['zh-CN', 'en']) {
      const shell = file(locale, 'shell');
      for (const topic of documentTopics) expect(shell.topics, topic).toHaveProperty(topic);
      for (const validity of validities) expect(shell.validities, validity).toHaveProperty(validity);
    }
  });
});
