#!/usr/bin/env bash
# Stops the broker that start.sh started on ${KAFKA_PORT:-9092} and removes its temp data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$here/.run/${KAFKA_PORT:-9092}"
[[ -f "$run/pid" ]] || { echo "stop.sh: no broker started from here on ${KAFKA_PORT:-9092}"; exit 0; }
pid="$(cat "$run/pid")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
fi
[[ -f "$run/data-dir" ]] && rm -rf "$(cat "$run/data-dir")"
rm -rf "$run"
echo "stop.sh: stopped"
