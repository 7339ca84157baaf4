import { defineConfig } from 'vitest/config';
import { nodeTestDefaults } from '@fieldschool/config/vitest';

export default defineConfig({
  test: {
    ...nodeTestDefaults,
    globalSetup: ['./test/global-setup.ts'],
    // Files share one PostgreSQL and one Meilisearch; each gets its own database and index.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
