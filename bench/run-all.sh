#!/usr/bin/env bash
# Runs the four benchmarks one after the other (never in parallel: the box has 2 cores).
# Needs a built api: (cd apps/api && node build.mjs). Each benchmark uses its own temp
# DATA_DIR under /tmp, free loopback ports, and stops every process it started.
# Usage: bash bench/run-all.sh            (from the repo root or from bench/)
#        pnpm --filter @fieldschool/bench run all
set -u
cd "$(dirname "$0")"
TSX=../apps/api/node_modules/.bin/tsx
status=0
for script in throughput.ts start-time.ts index-bench.ts search-latency.ts; do
  echo
  echo "=================== ${script%.ts} ($(date -u +%H:%M:%S) UTC) ==================="
  # Each one is bounded well under 5 minutes; timeout is a safety net (SIGTERM lets it clean up).
  timeout --kill-after=30 290 "$TSX" "$script" || { echo "!! ${script} failed (exit $?)"; status=1; }
done
exit $status
