import { pathToFileURL } from 'node:url';

// The Node and V8 flags of every start of the api server. `pnpm start`, infra/compose.yaml,
// the e2e server, the tests that start the built server and bench/ all take them from here.
//
// --max-semi-space-size=64: a young generation of up to 64 MiB per semi-space (Node 20
// starts at 16). Each request leaves its rows, DTOs and body as short-lived garbage; with
// the default the scavenger ran so often that it took an eighth of the api's CPU under load,
// and it copied the requests still in flight every time. The flag must be on the command
// line: V8 sizes its heap when the process starts, and v8.setFlagsFromString later does
// nothing to it. See bench/RESULTS.md, "the api's node flags".
//
// No --enable-source-maps: with it, the api's p99 under load was 23–41 ms against 15–19 ms
// without, and it made 8–10 % fewer requests a second (bench/RESULTS.md, 2026-12-03). The
// map is still built next to dist/server.js; to read a logged stack trace against the
// sources, start once with NODE_OPTIONS=--enable-source-maps.
export const API_NODE_FLAGS = ['--max-semi-space-size=64'];

// `node apps/api/node-flags.mjs` prints them for a shell's command line.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(API_NODE_FLAGS.join(' '));
