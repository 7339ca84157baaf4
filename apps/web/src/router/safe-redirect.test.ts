import { describe, expect, it } from 'vitest';
import { safeRedirect } from './safe-redirect.ts';

describe('safeRedirect', () => {
  it('keeps a path of this app, with its query', () => {
    expect(safeRedirect('/farmers')).toBe('/farmers');
    expect(safeRedirect('/library?q=医保&topic=healthcare')).toBe('/library?q=医保&topic=healthcare');
  });

  it('sends anything else home: other sites, relative paths, missing or repeated values', () => {
    for (const value of ['//evil.example', 'https://evil.example', 'javascript:alert(1)', 'farmers', '', undefined, null, ['/farmers']]) {
      expect(safeRedirect(value), String(value)).toBe('/');
    }
  });
});
