#!/usr/bin/env bash
# Durable-write benchmark: starts one standalone node from the fat jar (or BENCH_JAR, e.g. an older build to compare)
# on spare ports with a throw-away data directory, warms up, then measures product creation and full checkouts at
# each concurrency with bench/WriteLoad.java. Results go to bench/results/writes-<timestamp>.txt.
#   bench/writes.sh [iterations] [concurrency ...]      default: 2000 iterations at 1, 8 and 32 clients
set -euo pipefail
cd "$(dirname "$0")/.."

ITERATIONS=${1:-2000}
shift || true
CONCURRENCIES=("${@:-1 8 32}")
read -r -a CONCURRENCIES <<< "${CONCURRENCIES[*]}"
PORT=${BENCH_HTTP_PORT:-18100}
MONGO_PORT=${BENCH_MONGO_PORT:-28118}
JAR=${BENCH_JAR:-verticles/app/target/marketplace.jar}
DATA=$(mktemp -d)
mkdir -p bench/results
OUT="bench/results/writes-$(date +%Y%m%d-%H%M%S).txt"
NODE=""

[ -f "$JAR" ] || mvn -B -q -DskipTests package

cleanup() {
  if [ -n "$NODE" ]; then kill "$NODE" 2>/dev/null || true; wait "$NODE" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

HTTP_PORT=$PORT EMBEDDED_MONGO_PORT=$MONGO_PORT DATA_DIR=$DATA RATE_LIMIT_PER_MINUTE=100000000 \
  PAYMENT_SUCCESS_RATE=1.0 java -Xms256m -Xmx1g -jar "$JAR" --no-cluster > "$DATA/node.log" 2>&1 &
NODE=$!
for _ in $(seq 1 120); do
  grep -q "Marketplace ready" "$DATA/node.log" && break
  sleep 0.5
done
grep -q "Marketplace ready" "$DATA/node.log" || { echo "bench: node did not start" >&2; tail -20 "$DATA/node.log" >&2; exit 1; }

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, java $(java -version 2>&1 | head -1), jar $JAR"
  echo "# iterations=$ITERATIONS per run, standalone node (--no-cluster), embedded MongoDB, data on $(df -P "$DATA" | awk 'NR==2 {print $1}')"
  java bench/WriteLoad.java "http://127.0.0.1:$PORT" create 300 8 > /dev/null
  java bench/WriteLoad.java "http://127.0.0.1:$PORT" checkout 100 8 > /dev/null
  for concurrency in "${CONCURRENCIES[@]}"; do
    java bench/WriteLoad.java "http://127.0.0.1:$PORT" create "$ITERATIONS" "$concurrency"
    java bench/WriteLoad.java "http://127.0.0.1:$PORT" checkout "$ITERATIONS" "$concurrency"
  done
} | tee "$OUT"
kill "$NODE"; wait "$NODE" 2>/dev/null || true; NODE=""
# Only a build with group commit logs this at its clean stop: writes per commit is the average group size.
grep -o "[0-9]* writes acknowledged in [0-9]* group commits" "$DATA/node.log" | tee -a "$OUT" || true
