#!/usr/bin/env bash
# Makes sure a local PostgreSQL server answers on ${PGHOST:-127.0.0.1}:${PGPORT:-5432} (starting the
# Debian cluster, or installing PostgreSQL when there is none) and that the databases the tests and
# benchmarks use, luotsi_test and luotsi_bench, exist. Idempotent; prints one line on success.
set -euo pipefail
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
user="${PGUSER:-postgres}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
# apt output only when it fails.
apt_() { local out; out="$(as_root apt-get "$@" 2>&1)" || { echo "$out" >&2; return 1; }; }
ready() { pg_isready -h "$host" -p "$port" -q 2>/dev/null; }
# Newest version directory under $1 ("" when none; never fails, even without $1).
newest() { find "$1" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -1 || true; }

if ! ready; then
  case "$host" in
    127.0.0.1 | localhost | ::1 | /*) ;;
    *) echo "ensure.sh: no PostgreSQL on $host:$port (not a local host, so not starting one)" >&2; exit 1 ;;
  esac
  installed=""
  if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(newest /usr/lib/postgresql)" ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt_ update -qq
    apt_ install -y -qq postgresql
    installed=1
  fi
  version="$(newest /etc/postgresql)"
  if [[ -n "$installed" && -n "$version" && -d "/etc/postgresql/$version/main" ]]; then
    # The package's own (empty) cluster uses peer/password auth; the tests connect as postgres
    # over TCP without a password, so replace it with a trust-auth one (development and CI only).
    as_root pg_dropcluster --stop "$version" main
    version=""
  fi
  if [[ -z "$version" || ! -d "/etc/postgresql/$version/main" ]]; then
    version="$(newest /usr/lib/postgresql)"
    as_root pg_createcluster -p "$port" "$version" main -- --auth=trust >/dev/null
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
ready || { echo "ensure.sh: no PostgreSQL answers on $host:$port" >&2; exit 1; }

psql_() { psql -h "$host" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qtAX "$@"; }
for db in luotsi_test luotsi_bench; do
  if [[ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]]; then
    # A parallel run may create it between the check and here; only a real failure is an error.
    psql_ -c "CREATE DATABASE $db OWNER postgres" >/dev/null 2>&1 \
      || [[ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" == "1" ]] \
      || { psql_ -c "CREATE DATABASE $db OWNER postgres"; exit 1; }
  fi
done
echo "ensure.sh: PostgreSQL $(psql_ -c 'SHOW server_version') on $host:$port, databases luotsi_test and luotsi_bench ready"
