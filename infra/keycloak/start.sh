#!/usr/bin/env bash
# Starts a real Keycloak (start-dev: H2 database, plain HTTP) on 127.0.0.1:${KEYCLOAK_PORT:-8180}
# from the Maven Central distribution, importing realm/luotsi-realm.json into a fresh data dir.
# Returns only when the realm's OIDC discovery answers. Idempotent: exits 0 at once when that
# realm already answers on the port.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KEYCLOAK_PORT:-8180}"
run="$here/.run/$port"
timeout_s="${KEYCLOAK_START_TIMEOUT:-180}"
discovery="http://127.0.0.1:$port/realms/luotsi/.well-known/openid-configuration"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
serves_realm() { curl -fsS -o /dev/null --max-time 3 "$discovery" 2>/dev/null; }
# The major version `java -version` of the java at $1 reports (1.8 counts as 8).
java_major() {
  local v
  v="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)"
  [[ "$v" == 1.* ]] && v="${v#1.}"
  echo "${v%%[.+-]*}"
}
# A JAVA_HOME with Java 21 or newer: JAVA_HOME itself if it qualifies, else the newest under
# /usr/lib/jvm (Keycloak 26 refuses to run on the machine's default Java 17).
pick_java_home() {
  local best="" best_major=0 home major
  for home in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [[ -x "$home/bin/java" ]] || continue
    major="$(java_major "$home/bin/java")"
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if [[ -n "${JAVA_HOME:-}" && "$home" == "$JAVA_HOME" && "$major" -ge 21 ]]; then echo "$home"; return 0; fi
    if (( major >= 21 && major > best_major )); then best="$home"; best_major="$major"; fi
  done
  [[ -n "$best" ]] && echo "$best"
}
# The pid in $run/pid, if it is still the Keycloak this script started for this port.
our_pid() {
  local pid cmd
  pid="$(cat "$run/pid" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"-Dkc.home.dir=$run/home"* ]] && echo "$pid"
}
cleanup_run() { rm -rf "$run/home" "$run/pid" "$run/java-pid"; }
# Waits for the realm on pid $1; on failure prints the log tail, stops it and exits 1.
wait_ready() {
  local pid="$1" started
  started=$(date +%s)
  until serves_realm; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start.sh: Keycloak exited; last lines of its log:" >&2
      tail -n 60 "$run/keycloak.log" >&2 2>/dev/null || true
      cleanup_run
      exit 1
    fi
    if (( $(date +%s) - started > timeout_s )); then
      echo "start.sh: no realm luotsi on 127.0.0.1:$port after $timeout_s s; last lines of its log:" >&2
      tail -n 60 "$run/keycloak.log" >&2 2>/dev/null || true
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      cleanup_run
      exit 1
    fi
    sleep 1
  done
}

if serves_realm; then
  echo "start.sh: Keycloak already serves realm luotsi on 127.0.0.1:$port"
  exit 0
fi

# One start.sh per port at a time (parallel CI steps, two terminals).
mkdir -p "$here/.run"
exec 9>"$here/.run/$port.lock"
if command -v flock >/dev/null; then flock 9; fi
if serves_realm; then
  echo "start.sh: Keycloak already serves realm luotsi on 127.0.0.1:$port"
  exit 0
fi
if pid="$(our_pid)"; then
  echo "start.sh: waiting for the Keycloak already starting on 127.0.0.1:$port (pid $pid)"
  wait_ready "$pid"
  echo "start.sh: Keycloak on 127.0.0.1:$port (pid $pid)"
  exit 0
fi
cleanup_run
if answers; then
  echo "start.sh: something that does not serve realm luotsi listens on 127.0.0.1:$port" >&2
  exit 1
fi
command -v curl >/dev/null || { echo "start.sh: curl is required (to wait for OIDC discovery)" >&2; exit 1; }
java_home="$(pick_java_home)" || true
[[ -n "$java_home" ]] || { echo "start.sh: Keycloak 26 needs Java 21 or newer; set JAVA_HOME or install one under /usr/lib/jvm" >&2; exit 1; }
"$here/fetch.sh"

# A fresh home per run: Keycloak keeps its H2 database, caches and import dir under kc.home.dir
# (kc.sh sets it to dist/; a later -D wins), so symlinks to the distribution's conf, lib, providers
# and themes plus an empty data dir mean every start imports the versioned realm from scratch.
mkdir -p "$run/home/data/import"
for d in conf lib providers themes; do [[ -e "$here/dist/$d" ]] && ln -s "$here/dist/$d" "$run/home/$d"; done
cp "$here/realm/luotsi-realm.json" "$run/home/data/import/luotsi-realm.json"
: >"$run/keycloak.log"

t0=$(date +%s%N)
# setsid + nohup: Keycloak survives the calling shell (and its process group being killed).
# The bootstrap admin is for the local admin console only; dev defaults, override from the env.
JAVA_HOME="$java_home" JAVA_OPTS_KC_HEAP="${KEYCLOAK_HEAP:--Xmx512m}" \
  KC_BOOTSTRAP_ADMIN_USERNAME="${KEYCLOAK_ADMIN_USER:-admin}" KC_BOOTSTRAP_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
  setsid nohup "$here/dist/bin/kc.sh" "-Dkc.home.dir=$run/home" start-dev --http-host 127.0.0.1 --http-port "$port" --import-realm \
  >"$run/keycloak.log" 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" > "$run/pid"

wait_ready "$pid"
# kc.sh runs the JVM as its child (or execs into it); stop.sh signals both.
cat "/proc/$pid/task/$pid/children" 2>/dev/null | awk '{print $1}' > "$run/java-pid" || true
echo "start.sh: Keycloak $(cat "$here/dist/version.txt" 2>/dev/null | sed -n 's/.*Keycloak - Version \([^ ]*\).*/\1/p' | head -n1) on http://127.0.0.1:$port (realm luotsi, pid $pid, Java $(java_major "$java_home/bin/java")) after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
