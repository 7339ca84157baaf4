import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:qr-scanner-worker-url';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * qr-scanner 1.4 starts its decoder as a Worker from a Blob URL, which the page's
 * Content-Security-Policy (script-src 'self', no blob:) refuses. The decoder's source is the
 * one template literal in qr-scanner-worker.min.js: we write it out as a hashed file of our
 * own under assets/ (immutable, precached by the service worker, never from a CDN), and
 * `import workerUrl from 'virtual:qr-scanner-worker-url'` gives its address.
 */
export function qrScannerWorker(): Plugin {
  const file = createRequire(import.meta.url).resolve('qr-scanner/qr-scanner-worker.min.js');
  const wrapped = readFileSync(file, 'utf8');
  const match = /new Blob\(\[`([\s\S]*)`\]/.exec(wrapped);
  if (!match) throw new Error(`qr-scanner-worker: no worker source found in ${file}`);
  // The text between the backticks, as the template literal means it: the library escapes
  // only \`, \$ and \\ in it (a build that brings another escape fails the check below).
  const source = match[1]!.replace(/\\([`$\\])/g, '$1');
  if ([...match[1]!.matchAll(/\\(.)/g)].some(([, escaped]) => !'`$\\'.includes(escaped!))) {
    throw new Error('qr-scanner-worker: an escape other than \\`, \\$ or \\\\ in the worker source');
  }
  const fileName = `assets/qr-scanner-worker-${createHash('sha256').update(source).digest('base64url').slice(0, 8)}.js`;
  return {
    name: 'fieldschool:qr-scanner-worker',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load: (id) => (id === RESOLVED_ID ? `export default ${JSON.stringify(`/${fileName}`)};` : undefined),
    configureServer(server) {
      server.middlewares.use(`/${fileName}`, (_request, response) => {
        response.setHeader('content-type', 'text/javascript');
        response.end(source);
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source });
    },
  };
}
