import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Impacts that fail a test: a person with a screen reader or keyboard cannot get through. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it stands (WCAG 2.1 A and AA rules) and fails on any serious
 * or critical violation, naming the rule, the elements and axe's reason (for contrast: the two
 * colours) so the fault can be found. The failure is soft: a sweep over many pages reports every
 * page's faults in one run instead of stopping at the first.
 */
export async function expectAccessible(page: Page): Promise<void> {
  // Colours are judged as they end: a message fading in would be measured half transparent.
  // Endless animations (spinners) are left running.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity),
  );
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => {
      const nodes = violation.nodes.map((node) => {
        const reason = [...node.any, ...node.all, ...node.none][0]?.message ?? '';
        return `${node.target.join(' ')}: ${node.html.slice(0, 160)}\n      ${reason}`;
      });
      return `${violation.id} (${violation.impact}): ${violation.help}\n    ${nodes.join('\n    ')}`;
    });
  expect.soft(blocking, `accessibility violations on ${page.url()}`).toEqual([]);
}
