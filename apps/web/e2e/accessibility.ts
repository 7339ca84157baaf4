import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Impacts that fail a test: a person with a screen reader or keyboard cannot get through. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it stands (WCAG 2.1 A and AA rules) and fails on any serious
 * or critical violation, naming the rule and the elements so the fault can be found.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.nodes.map((node) => node.target.join(' ')).join('\n  ')}`);
  expect(blocking, `accessibility violations on ${page.url()}`).toEqual([]);
}
