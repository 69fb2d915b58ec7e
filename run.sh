#!/usr/bin/env bash
# Starts the marketplace: builds the fat jar when it is missing or older than the sources, then runs a node.
#   ./run.sh                         every service, clustered on loopback, gateway on :8000, embedded MongoDB
#   ./run.sh --services products     an extra node on this machine that joins the first one
#   ./run.sh --background [flags]    start detached; the pid is kept under DATA_DIR/pids
#   ./run.sh stop                    stop every node started with --background
#   ./run.sh --compat seed           speak the FastAPI seed system's format (README: Seed-compatible mode)
#   ./run.sh --bridge                also open the TCP event-bus bridge on 127.0.0.1:7000 (README: TCP bridge)
# Every other flag goes to the launcher (./run.sh --help lists them).
set -euo pipefail

cd "$(dirname "$0")"
JAR=verticles/app/target/marketplace.jar
DATA_DIR=${DATA_DIR:-./data}
PID_DIR="$DATA_DIR/pids"
LOG_DIR="$DATA_DIR/logs"

needs_build() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find pom.xml conf cluster-config verticles -newer "$JAR" \
      \( -name '*.java' -o -name '*.xml' -o -name '*.json' -o -name '*.yaml' -o -name '*.properties' \) \
      -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}

build() {
  command -v mvn >/dev/null || { echo "run.sh: Maven (mvn) is needed to build; install it or build the jar elsewhere." >&2; exit 1; }
  echo "building… (first build downloads dependencies; this takes a minute)"
  if ! mvn -B -q -DskipTests package > "${TMPDIR:-/tmp}/marketplace-build.log" 2>&1; then
    tail -40 "${TMPDIR:-/tmp}/marketplace-build.log" >&2
    echo "run.sh: build failed (full log: ${TMPDIR:-/tmp}/marketplace-build.log)" >&2
    exit 1
  fi
}

stop_nodes() {
  shopt -s nullglob
  local files=("$PID_DIR"/*.pid) stopped=0
  if [ ${#files[@]} -eq 0 ]; then
    echo "No background nodes recorded under $PID_DIR."
    return 0
  fi
  for file in "${files[@]}"; do
    local pid
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      if kill -0 "$pid" 2>/dev/null; then
        echo "Node $pid did not stop within 30 s; sending SIGKILL." >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
      stopped=$((stopped + 1))
    fi
    rm -f "$file"
  done
  echo "Stopped $stopped node(s)."
}

wait_healthy() {
  local pid=$1 port=$2 log=$3
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: the node exited during start-up:" >&2
      tail -5 "$log" >&2
      return 1
    fi
    if grep -qE "Marketplace ready|Node ready" "$log" 2>/dev/null; then
      grep -E "Marketplace ready|Node ready" "$log" | tail -1
      return 0
    fi
    sleep 0.5
  done
  echo "run.sh: node $pid is still starting; see $log" >&2
}

if [ "${1:-}" = "stop" ]; then
  stop_nodes
  exit 0
fi

background=false
args=()
for arg in "$@"; do
  if [ "$arg" = "--background" ]; then background=true; else args+=("$arg"); fi
done

if needs_build; then build; fi

# Memory: a node holds about 60 MB of live heap with 10,000 products (read model, caches, Hazelcast). The serial
# collector keeps the smallest footprint on a 2-core machine (no concurrent GC threads, no remembered sets) with
# young pauses of a few milliseconds at this heap size; the caps keep a node's resident memory near 450 MB under
# load (README, Configuration: JVM memory). Set JAVA_OPTS to replace them all.
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms64m -Xmx320m -XX:MaxMetaspaceSize=192m -XX:MaxDirectMemorySize=128m"}
if $background; then
  mkdir -p "$PID_DIR" "$LOG_DIR"
  log="$LOG_DIR/node-$(date +%s)-$$.log"
  # shellcheck disable=SC2086
  nohup java $JAVA_OPTS -jar "$JAR" "${args[@]+"${args[@]}"}" > "$log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PID_DIR/$pid.pid"
  echo "Started node $pid in the background (log: $log). Stop with: ./run.sh stop"
  wait_healthy "$pid" "${HTTP_PORT:-8000}" "$log"
else
  # shellcheck disable=SC2086
  exec java $JAVA_OPTS -jar "$JAR" "${args[@]+"${args[@]}"}"
fi
