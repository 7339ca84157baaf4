import { defineConfig, mergeConfig } from 'vitest/config';
import { testReporters } from '@fieldschool/config/vitest';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.ts'],
      exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
      restoreMocks: true,
      reporters: testReporters(),
      // Lazy route chunks load slowly when the api and search suites share the two cores.
      testTimeout: 20_000,
    },
  }),
);
