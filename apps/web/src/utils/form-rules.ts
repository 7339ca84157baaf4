// naive-ui rules for the fields the contracts define, built from the contracts' own limits and
// checks, so a form refuses what the api would refuse, in the user's language, before a round
// trip. The api stays the authority. A form maps its field paths to these rules; none of them
// spells a number or a pattern of its own.
import { MAX_TRAVEL_MINUTES } from '@fieldschool/contracts/constants';
import { isValidIdNumber } from '@fieldschool/contracts/id-number';
import { birthYearRange, textLimits } from '@fieldschool/contracts/limits';
import type { FormItemRule } from 'naive-ui';

/** vue-i18n's `t`, or anything that translates the same keys. */
export type Translate = (key: string, named: Record<string, unknown>) => string;

interface TextLimit {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/** A field the user must type into, named by its (translated) label. */
export function required(t: Translate, field: string): FormItemRule {
  return { required: true, whitespace: true, trigger: 'blur', message: t('validation.required', { field }) };
}

/** A field the user must pick from a list or a tree. */
export function chosen(t: Translate, field: string): FormItemRule {
  return { required: true, trigger: ['change', 'blur'], message: t('validation.select', { field }) };
}

/**
 * The contract's length and pattern for a text field, checked on the trimmed text as the form
 * sends it. A blank field passes: add `required` where it may not be blank. `message` replaces
 * the general one for a field whose format needs explaining (a phone number, a code).
 */
export function text(t: Translate, limit: TextLimit, message?: string): FormItemRule {
  const pattern = limit.pattern === undefined ? undefined : new RegExp(limit.pattern, 'u');
  return {
    trigger: 'blur',
    validator: (_rule, value: string | null) => {
      const typed = (value ?? '').trim();
      if (typed === '') return true;
      // JSON Schema counts characters as code points, as the api's validator does.
      const length = [...typed].length;
      if (limit.maxLength !== undefined && length > limit.maxLength) {
        return new Error(message ?? t('validation.maxLength', { max: limit.maxLength }));
      }
      if (limit.minLength !== undefined && length < limit.minLength) {
        return new Error(message ?? t('validation.minLength', { min: limit.minLength }));
      }
      if (pattern && !pattern.test(typed)) return new Error(message ?? t('validation.server.pattern', {}));
      return true;
    },
  };
}

export function phone(t: Translate): FormItemRule {
  return text(t, textLimits.phone, t('validation.phone', {}));
}

export function username(t: Translate): FormItemRule {
  const { minLength: min, maxLength: max } = textLimits.username;
  return text(t, textLimits.username, t('validation.username', { min, max }));
}

export function orgUnitCode(t: Translate): FormItemRule {
  return text(t, textLimits.orgUnitCode, t('validation.code', {}));
}

/** A new password is sent as typed, spaces and all, so its length is not measured trimmed. */
export function newPassword(t: Translate, { required }: { required: boolean }): FormItemRule {
  const { minLength: min, maxLength: max } = textLimits.newPassword;
  return { required, min, max, trigger: 'blur', message: t('validation.passwordLength', { min }) };
}

/** Blank, or 18 characters with the right GB 11643 check character (the same check as the api's). */
export function idNumber(t: Translate): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value: string | null) => {
      const typed = (value ?? '').trim();
      return typed === '' || isValidIdNumber(typed) ? true : new Error(t('validation.idNumber', {}));
    },
  };
}

export function birthYear(t: Translate): FormItemRule {
  const { minimum: min, maximum: max } = birthYearRange;
  return { type: 'number', min, max, trigger: ['blur', 'change'], message: t('validation.birthYear', { min, max }) };
}

/** Whole minutes of a drive or a buffer, as the api takes them (0 to MAX_TRAVEL_MINUTES). */
export function travelMinutes(t: Translate): FormItemRule {
  const max = MAX_TRAVEL_MINUTES;
  return { type: 'integer', required: true, min: 0, max, trigger: ['blur', 'change'], message: t('validation.minutesRule', { max }) };
}
