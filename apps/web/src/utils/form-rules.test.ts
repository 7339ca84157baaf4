import { birthYearRange, textLimits } from '@fieldschool/contracts/limits';
import { mount } from '@vue/test-utils';
import { NForm, NFormItem, type FormInst, type FormItemRule } from 'naive-ui';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { i18n, loadLocaleMessages } from '@/locales/index.ts';
import * as rule from './form-rules.ts';

const t: rule.Translate = (key, named) => i18n.global.t(key, named);

/** Runs the rules the way a form does (naive-ui's own validation); the message shown, or null when the value passes. */
async function messageFor(rules: FormItemRule | FormItemRule[], value: unknown): Promise<string | null> {
  const form = ref<FormInst | null>(null);
  const Host = defineComponent(() => () => h(NForm, { ref: form, model: { field: value }, rules: { field: rules } }, () => h(NFormItem, { path: 'field' })));
  const wrapper = mount(Host);
  try {
    await form.value!.validate();
    return null;
  } catch (errors) {
    return (errors as Array<Array<{ message?: string }>>)[0]![0]!.message ?? '';
  } finally {
    wrapper.unmount();
  }
}

describe('form rules', () => {
  beforeEach(async () => {
    await loadLocaleMessages('en');
    i18n.global.locale.value = 'en';
  });

  it('take a name up to the contract length, counted in characters as the api counts them', async () => {
    const name = [rule.required(t, 'Name'), rule.text(t, textLimits.farmerName)];
    const max = textLimits.farmerName.maxLength;
    expect(await messageFor(name, '泽'.repeat(max))).toBeNull();
    expect(await messageFor(name, '𠮷'.repeat(max))).toBeNull();
    expect(await messageFor(name, '泽'.repeat(max + 1))).toBe(`At most ${max} characters`);
    expect(await messageFor(name, '   ')).toBe('Please enter Name');
  });

  it('let an optional text field stay blank', async () => {
    expect(await messageFor(rule.text(t, textLimits.householdNo), '')).toBeNull();
    expect(await messageFor(rule.phone(t), '')).toBeNull();
    expect(await messageFor(rule.idNumber(t), '')).toBeNull();
  });

  it('check a phone number with the contract pattern, on the trimmed text', async () => {
    expect(await messageFor(rule.phone(t), '13812345678')).toBeNull();
    expect(await messageFor(rule.phone(t), ' 19912345678 ')).toBeNull();
    for (const wrong of ['12812345678', '1381234567', '138123456789', '1381234567a']) {
      expect(await messageFor(rule.phone(t), wrong), wrong).toBe('Enter an 11-digit mobile number');
    }
  });

  it('check the GB 11643 check character of an ID number', async () => {
    expect(await messageFor(rule.idNumber(t), '11010519491231002X')).toBeNull();
    expect(await messageFor(rule.idNumber(t), '11010519491231002x')).toBeNull();
    expect(await messageFor(rule.idNumber(t), '110105194912310021')).toBe(
      'An ID number has 18 characters and a correct final check character',
    );
  });

  it('take a birth year in the contract range and say which range', async () => {
    const { minimum, maximum } = birthYearRange;
    expect(maximum).toBe(new Date().getFullYear());
    expect(await messageFor(rule.birthYear(t), minimum)).toBeNull();
    expect(await messageFor(rule.birthYear(t), maximum)).toBeNull();
    expect(await messageFor(rule.birthYear(t), null)).toBeNull();
    expect(await messageFor(rule.birthYear(t), maximum + 1)).toBe(`Birth year must be between ${minimum} and ${maximum}`);
    expect(await messageFor(rule.birthYear(t), minimum - 1)).toBe(`Birth year must be between ${minimum} and ${maximum}`);
  });

  it('check a username against the contract length and characters', async () => {
    const { minLength, maxLength } = textLimits.username;
    const message = `${minLength}–${maxLength} letters, digits or . _ -`;
    expect(await messageFor(rule.username(t), 'hepo-admin')).toBeNull();
    expect(await messageFor(rule.username(t), 'a'.repeat(maxLength))).toBeNull();
    expect(await messageFor(rule.username(t), 'a'.repeat(minLength - 1))).toBe(message);
    expect(await messageFor(rule.username(t), 'a'.repeat(maxLength + 1))).toBe(message);
    expect(await messageFor(rule.username(t), 'zhou jianhua')).toBe(message);
  });

  it('measure a new password as typed, and let an edit leave it blank', async () => {
    const { minLength } = textLimits.newPassword;
    const required = rule.newPassword(t, { required: true });
    expect(await messageFor(required, 'x'.repeat(minLength))).toBeNull();
    expect(await messageFor(required, ` ${'x'.repeat(minLength - 2)} `)).toBeNull();
    expect(await messageFor(required, 'x'.repeat(minLength - 1))).toBe(`At least ${minLength} characters`);
    expect(await messageFor(required, '')).toBe(`At least ${minLength} characters`);
    expect(await messageFor(rule.newPassword(t, { required: false }), '')).toBeNull();
  });

  it('check an org unit code against the contract pattern', async () => {
    expect(await messageFor(rule.orgUnitCode(t), 'hepo_genga-01')).toBeNull();
    expect(await messageFor(rule.orgUnitCode(t), '根呷村')).toBe('Letters, digits, underscores and hyphens only');
  });

  it('speak the user’s language', async () => {
    i18n.global.locale.value = 'zh-CN';
    expect(await messageFor(rule.birthYear(t), birthYearRange.maximum + 1)).toBe(
      `出生年份应在 ${birthYearRange.minimum} 至 ${birthYearRange.maximum} 之间`,
    );
    expect(await messageFor(rule.chosen(t, '村'), null)).toBe('请选择村');
  });
});

describe('travel minutes', () => {
  beforeEach(async () => {
    await loadLocaleMessages('en');
    i18n.global.locale.value = 'en';
  });

  it('take whole minutes from 0 to a day, as the api does', async () => {
    const minutes = rule.travelMinutes(t);
    expect(await messageFor(minutes, 0)).toBeNull();
    expect(await messageFor(minutes, 24 * 60)).toBeNull();
    for (const bad of [null, -1, 24 * 60 + 1, 12.5]) expect(await messageFor(minutes, bad), String(bad)).toBe('Enter whole minutes from 0 to 1440');
  });
});
