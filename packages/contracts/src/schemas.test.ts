import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import * as contracts from './index.ts';

type Node = Record<string, unknown>;

/** Every schema node with a path to it, for the exported schemas of the contracts. */
function* walk(node: unknown, path: string): Generator<[string, Node]> {
  if (typeof node !== 'object' || node === null) return;
  yield [path, node as Node];
  for (const [key, child] of Object.entries(node)) {
    if (Array.isArray(child)) for (const [i, item] of child.entries()) yield* walk(item, `${path}.${key}[${i}]`);
    else if (typeof child === 'object') yield* walk(child, `${path}.${key}`);
  }
}

const schemas = Object.entries(contracts).filter(([, value]) => typeof value === 'object' && value !== null && '~kind' in value);

describe('schemas', () => {
  it('write every enum as one list (Type.Enum), never as a union of literals', () => {
    const respelled = schemas.flatMap(([name, schema]) =>
      [...walk(schema, name)]
        .filter(([, node]) => Array.isArray(node.anyOf) && (node.anyOf as Node[]).every((member) => 'const' in member))
        .map(([path]) => path),
    );
    expect(respelled).toEqual([]);
  });

  it('take the enum values from the constants', () => {
    expect(contracts.Role.enum).toEqual(contracts.roles);
    expect(contracts.Locale.enum).toEqual(contracts.locales);
    expect(contracts.OrgLevel.enum).toEqual(contracts.orgLevels);
    expect(contracts.Gender.enum).toEqual(contracts.genders);
    expect(contracts.DocumentTopic.enum).toEqual(contracts.documentTopics);
    expect(contracts.Validity.enum).toEqual(contracts.validities);
  });

  it('accept a birth year up to this year and none in the future', () => {
    const thisYear = new Date().getFullYear();
    expect(Value.Check(contracts.UpdateFarmer, { birthYear: thisYear })).toBe(true);
    expect(Value.Check(contracts.UpdateFarmer, { birthYear: 1900 })).toBe(true);
    expect(Value.Check(contracts.UpdateFarmer, { birthYear: thisYear + 1 })).toBe(false);
    expect(Value.Check(contracts.UpdateFarmer, { birthYear: 1899 })).toBe(false);
  });

  it('check a phone number the same way for users and farmers', () => {
    for (const phone of ['13812345678', '19912345678']) {
      expect(Value.Check(contracts.UpdateFarmer, { phone })).toBe(true);
      expect(Value.Check(contracts.UpdateOwnProfile, { phone })).toBe(true);
    }
    for (const phone of ['12812345678', '1381234567', '138123456789', '+8613812345678']) {
      expect(Value.Check(contracts.UpdateFarmer, { phone })).toBe(false);
      expect(Value.Check(contracts.UpdateOwnProfile, { phone })).toBe(false);
    }
  });
});
