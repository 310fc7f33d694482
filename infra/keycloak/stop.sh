#!/usr/bin/env bash
# Stops the Keycloak that start.sh started on 127.0.0.1:${KEYCLOAK_PORT:-8180}, waits for it to
# exit and removes its run dir (and with it the H2 database). Idempotent; never touches a Keycloak
# it did not start.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KEYCLOAK_PORT:-8180}"
run="$here/.run/$port"

if [[ ! -d "$run" ]]; then
  echo "stop.sh: no Keycloak started from here on 127.0.0.1:$port"
  exit 0
fi
pid="$(cat "$run/pid" 2>/dev/null || true)"
# Only signal the pid if it is still our kc.sh/java (pids are reused). kc.sh forwards SIGTERM to
# the JVM, or is the JVM itself after a re-augmentation (it execs).
cmd=""
if [[ -n "$pid" ]]; then cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"; fi
if [[ "$cmd" == *"-Dkc.home.dir=$run/home"* ]]; then
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: Keycloak (pid $pid) did not stop in 30 s; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
fi
# The JVM kc.sh started (start.sh recorded it), in case kc.sh went first; again only if it is ours.
jpid="$(cat "$run/java-pid" 2>/dev/null || true)"
if [[ -n "$jpid" && "$jpid" != "$pid" ]]; then
  jcmd="$(tr '\0' ' ' <"/proc/$jpid/cmdline" 2>/dev/null || true)"
  if [[ "$jcmd" == *"-Dkc.home.dir=$run/home"* ]]; then
    kill "$jpid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$jpid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$jpid" 2>/dev/null || true
  fi
fi
rm -rf "$run"
echo "stop.sh: stopped Keycloak on 127.0.0.1:$port"
