import { documentTopics, errorCodes, validities } from '@fieldschool/contracts/constants';
import { describe, expect, it } from 'vitest';
import en from './en.ts';
import zhCN from './zh-CN.ts';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('locales', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('every message is a non-empty string', () => {
    for (const tree of [zhCN, en]) {
      for (const key of keys(tree)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
        expect(typeof value === 'string' && value.trim() !== '', key).toBe(true);
      }
    }
  });

  it('has a message for every api error code', () => {
    for (const code of errorCodes) {
      expect(zhCN.errors, code).toHaveProperty(code);
      expect(en.errors, code).toHaveProperty(code);
    }
  });

  it('names every document topic and validity the contracts know', () => {
    for (const tree of [zhCN, en]) {
      for (const topic of documentTopics) expect(tree.topics, topic).toHaveProperty(topic);
      for (const validity of validities) expect(tree.validities, validity).toHaveProperty(validity);
    }
  });
});
