// Shared vitest defaults: node environment, tests beside the code.
export const nodeTestDefaults = {
  environment: 'node',
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
} as const;
