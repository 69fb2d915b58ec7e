#!/usr/bin/env bash
# Benchmark runner: starts the platform from the fat jar on spare ports with a throw-away data directory, measures
# catalog reads, single-product reads and the full checkout (cart → order → payment) with bench/Load.java, records
# the gateway JVM's resident memory, then stops everything. Results go to bench/results/<timestamp>.txt.
#   bench/run.sh [requests] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${1:-20000}
CONCURRENCY=${2:-32}
PORT=${BENCH_HTTP_PORT:-18000}
MONGO_PORT=${BENCH_MONGO_PORT:-28018}
JAR=verticles/app/target/marketplace.jar
DATA=$(mktemp -d)
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%d-%H%M%S).txt"

[ -f "$JAR" ] || mvn -B -q -DskipTests package

HTTP_PORT=$PORT EMBEDDED_MONGO_PORT=$MONGO_PORT DATA_DIR=$DATA RATE_LIMIT_PER_MINUTE=100000000 \
  PAYMENT_SEED=1 java -Xms256m -Xmx1g -jar "$JAR" --no-cluster > "$DATA/node.log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true; wait $NODE 2>/dev/null || true; rm -rf "$DATA"' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, java $(java -version 2>&1 | head -1)"
  echo "# requests=$REQUESTS concurrency=$CONCURRENCY, standalone node, embedded MongoDB"
  for scenario in catalog product checkout; do
    java bench/Load.java "http://127.0.0.1:$PORT" "$scenario" 2000 "$CONCURRENCY" > /dev/null
    java bench/Load.java "http://127.0.0.1:$PORT" "$scenario" "$REQUESTS" "$CONCURRENCY"
  done
  echo "rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$NODE/status) / 1024 ))"
} | tee "$OUT"
