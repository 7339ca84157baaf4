// Reads the text of one PDF with pdf.js, in a worker thread of its own (extract.ts starts one per
// file). pdf.js's legacy build, the one that runs on Node 20, installs core-js polyfills over
// JSON.stringify, JSON.parse and Array.prototype.push as it loads. In the api's own thread they
// stayed for the life of the process and slowed every request after the first PDF (the demo seed
// reads some at the first start): JSON.stringify 8 times, push 2.5 times. Here they end with the
// worker. Plain JavaScript, so that Node runs it as it is, from the source and beside the bundle.
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// workerData is the file's bytes, transferred: pdf.js may take ownership of them.
const task = getDocument({ data: workerData, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
try {
  const pdf = await task.promise;
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    page.cleanup();
  }
  parentPort.postMessage({ text: pages.join('\n') });
} catch (error) {
  parentPort.postMessage({ error: { name: error?.name, message: error?.message ?? String(error) } });
} finally {
  await task.destroy();
}
