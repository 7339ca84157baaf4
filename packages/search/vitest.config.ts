import { defineConfig } from 'vitest/config';
import { nodeTestDefaults } from '@fieldschool/config/vitest';

export default defineConfig({
  test: { ...nodeTestDefaults, globalSetup: ['./test/global-setup.ts'] },
});
