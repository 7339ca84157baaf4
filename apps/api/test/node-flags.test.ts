import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { API_NODE_FLAGS } from '../node-flags.mjs';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const flagsFile = path.join(root, 'apps/api/node-flags.mjs');

// Allocates short-lived garbage and prints how large V8 let the young generation grow (MiB).
const youngGenerationProbe = `
const v8 = require('node:v8');
let kept = [];
for (let i = 0; i < 3e6; i += 1) { kept.push({ i, s: 'x' + i }); if (kept.length > 20000) kept = []; }
console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20);`;

describe('the api\'s node flags, written once', () => {
  it('every way of starting the api server takes them from node-flags.mjs', async () => {
    const startScript = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).scripts.start as string;
    expect(startScript).toContain('node $(node apps/api/node-flags.mjs) apps/api/dist/server.js');
    expect(await readFile(path.join(root, 'infra/compose.yaml'), 'utf8')).toContain('exec node $$(node apps/api/node-flags.mjs) apps/api/dist/server.js');
    expect(await readFile(path.join(root, 'apps/web/playwright.config.ts'), 'utf8')).toContain("exec node ${API_NODE_FLAGS.join(' ')} ../api/dist/server.js");
  });

  it('prints them for a shell as the module exports them', async () => {
    const { stdout } = await run(process.execPath, [flagsFile]);
    expect(stdout.trim()).toBe(API_NODE_FLAGS.join(' '));
  });

  it('lets the young generation grow past Node\'s default, which only the command line can do', async () => {
    const withFlags = await run(process.execPath, [...API_NODE_FLAGS, '-e', youngGenerationProbe]);
    const without = await run(process.execPath, ['-e', youngGenerationProbe]);
    expect(Number(without.stdout)).toBeLessThanOrEqual(32);
    expect(Number(withFlags.stdout)).toBeGreaterThan(32);
  });
});
