import { mount } from '@vue/test-utils';
import { NCard } from 'naive-ui';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import AppCard from './AppCard.vue';

describe('AppCard', () => {
  it('leaves one heading, with a level, for its title, and none for the cards inside it', () => {
    const wrapper = mount({
      render: () => h(AppCard, { title: '账户信息', headingLevel: 3 }, { default: () => h(NCard, { title: '里面的卡片' }) }),
    });
    const headings = wrapper.findAll('[role="heading"]');
    // Ours, and the inner NCard's two (left as they are: only this card's own header is fixed).
    expect(headings.map((heading) => [heading.text(), heading.attributes('aria-level') ?? null])).toEqual([
      ['账户信息', '3'],
      ['里面的卡片', null],
      ['里面的卡片', null],
    ]);
  });
});
