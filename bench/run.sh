#!/usr/bin/env bash
# Benchmark runner: starts the platform from the fat jar on spare ports with a throw-away data directory, measures
# catalog reads, single-product reads and the full checkout (cart → order → payment) with bench/Load.java, records
# the resident memory of every node, then stops everything. Results go to bench/results/<timestamp>.txt.
#   bench/run.sh [requests] [concurrency]             one standalone node (--no-cluster)
#   BENCH_CLUSTER=1 bench/run.sh [requests] [conc.]   two clustered nodes: everything but products, and products
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${1:-20000}
CONCURRENCY=${2:-32}
PORT=${BENCH_HTTP_PORT:-18000}
MONGO_PORT=${BENCH_MONGO_PORT:-28018}
CLUSTER=${BENCH_CLUSTER:-0}
JAR=verticles/app/target/marketplace.jar
DATA=$(mktemp -d)
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%d-%H%M%S).txt"
NODES=()

[ -f "$JAR" ] || mvn -B -q -DskipTests package

cleanup() {
  for pid in "${NODES[@]+"${NODES[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODES[@]+"${NODES[@]}"}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$DATA"
}
trap cleanup EXIT

start_node() {
  local log=$1; shift
  HTTP_PORT=$PORT EMBEDDED_MONGO_PORT=$MONGO_PORT DATA_DIR=$DATA RATE_LIMIT_PER_MINUTE=100000000 \
    PAYMENT_SEED=1 java -Xms256m -Xmx1g -jar "$JAR" "$@" > "$DATA/$log" 2>&1 &
  NODES+=($!)
}

await_log() {
  for _ in $(seq 1 120); do
    grep -qE "Marketplace ready|Node ready" "$DATA/$1" && return 0
    sleep 0.5
  done
  echo "bench: node did not start, see its log:" >&2
  tail -20 "$DATA/$1" >&2
  exit 1
}

if [ "$CLUSTER" = "1" ]; then
  MODE="two clustered nodes (gateway,auth,orders,payments + products), embedded MongoDB"
  start_node a.log --services gateway,auth,orders,payments
  await_log a.log
  start_node b.log --services products
  await_log b.log
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$PORT/api/products" >/dev/null 2>&1 && break
    sleep 0.5
  done
else
  MODE="standalone node (--no-cluster), embedded MongoDB"
  start_node a.log --no-cluster
  await_log a.log
fi

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, java $(java -version 2>&1 | head -1)"
  echo "# requests=$REQUESTS concurrency=$CONCURRENCY, $MODE"
  for scenario in catalog product checkout; do
    java bench/Load.java "http://127.0.0.1:$PORT" "$scenario" 2000 "$CONCURRENCY" > /dev/null
    java bench/Load.java "http://127.0.0.1:$PORT" "$scenario" "$REQUESTS" "$CONCURRENCY"
  done
  for pid in "${NODES[@]}"; do
    echo "rss_mb[pid $pid]=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))"
  done
} | tee "$OUT"
