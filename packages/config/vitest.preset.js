// Shared vitest defaults: node environment, tests beside the code or under test/.
// Plain JavaScript, because vitest loads config files with Node, which cannot import .ts.
import path from 'node:path';

/**
 * With TEST_REPORT_DIR set (CI), each package also writes a JSON report there, which
 * .ci/count-results.mjs adds up; TEST_REPORT_NAME names it (default: the package folder).
 */
export function testReporters() {
  const dir = process.env.TEST_REPORT_DIR;
  if (!dir) return ['default'];
  const name = process.env.TEST_REPORT_NAME ?? path.basename(process.cwd());
  return ['default', ['json', { outputFile: path.join(dir, `${name}.json`) }]];
}

export const nodeTestDefaults = {
  environment: 'node',
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
  reporters: testReporters(),
};
