#!/usr/bin/env bash
# Stops the broker that start.sh started on 127.0.0.1:${KAFKA_PORT:-9092}, waits for it to exit and
# removes its temp data dir. Idempotent; never touches a broker it did not start.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KAFKA_PORT:-9092}"
run="$here/.run/$port"

if [[ ! -f "$run/pid" && ! -f "$run/data-dir" ]]; then
  echo "stop.sh: no broker started from here on 127.0.0.1:$port"
  exit 0
fi
pid="$(cat "$run/pid" 2>/dev/null || true)"
# Only signal the pid if it is still our broker (pids are reused).
cmd=""
if [[ -n "$pid" ]]; then cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"; fi
if [[ "$cmd" == *"kafka.Kafka $run/server.properties"* ]]; then
  kill "$pid" 2>/dev/null || true # SIGTERM: controlled shutdown
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: broker (pid $pid) did not stop in 30 s; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
fi
if [[ -f "$run/data-dir" ]]; then rm -rf "$(cat "$run/data-dir")"; fi
rm -rf "$run"
echo "stop.sh: stopped the broker on 127.0.0.1:$port"
