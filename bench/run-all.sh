#!/usr/bin/env bash
# Runs every benchmark under bench/, one after the other (never in parallel: the box has 2
# cores), then prints each one's figures beside its reference ratio and goal again, together.
# Builds the api and the web app first (turbo: a no-op when nothing changed), so the figures
# are of the code in this checkout. Each benchmark uses its own temp DATA_DIR under /tmp,
# free loopback ports, and stops every process it started. About 25 minutes on an idle box (reports' 4.5M-row year is half of it);
# the BENCH_* variables of each benchmark (bench/README.md) still apply.
# Usage: bash bench/run-all.sh            (from the repo root or from bench/)
#        pnpm --filter @fieldschool/bench run all
set -u
cd "$(dirname "$0")"
TSX=../apps/api/node_modules/.bin/tsx
LOGS=$(mktemp -d /tmp/fieldschool-bench-all-XXXXXX)
trap 'rm -rf "$LOGS"' EXIT
BENCHMARKS=(throughput start-time index-bench search-latency first-load scheduling paper checkin-phone checkin-sync reports secretaries)
# The lines of each benchmark's output that carry its figure, its reference ratio and its goal.
SUMMARY_LINES='ratio|goal|^(api farmers page|floor Fastify|throughput:|wall time|meilisearch peak|first start|second start|  (api|meili direct) +all|  (precompressed|uncompressed) +[0-9,.]+ ms to first|  (check-in page|first load of|reload offline|1000 check-ins)|\(a\) | +(api /checkins/sync|floor Fastify \+ pg))'

echo "=================== build ($(date -u +%H:%M:%S) UTC) ==================="
(cd .. && pnpm exec turbo run build --filter=@fieldschool/api --filter=@fieldschool/web --output-logs=errors-only) || exit 1

status=0
started=$SECONDS
for name in "${BENCHMARKS[@]}"; do
  echo
  echo "=================== ${name} ($(date -u +%H:%M:%S) UTC) ==================="
  # A safety net only (SIGTERM lets it clean up): reports' 4.5M-row year takes the longest.
  timeout --kill-after=30 1200 "$TSX" "${name}.ts" 2>&1 | tee "$LOGS/${name}.log"
  code=${PIPESTATUS[0]}
  if [ "$code" -ne 0 ]; then echo "!! ${name} failed (exit ${code})" | tee -a "$LOGS/${name}.log"; status=1; fi
done

echo
echo "=================== summary: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s ==================="
for name in "${BENCHMARKS[@]}"; do
  echo "${name}:"
  grep -E "$SUMMARY_LINES|^!! " "$LOGS/${name}.log" | sed 's/^ */  /'
done
exit $status
