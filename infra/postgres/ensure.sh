#!/usr/bin/env bash
# Makes sure a local PostgreSQL server answers on ${PGHOST:-127.0.0.1}:${PGPORT:-5432} and that the
# databases the tests and benchmarks use exist. Idempotent.
set -euo pipefail
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
user="${PGUSER:-postgres}"

if ! pg_isready -h "$host" -p "$port" -q 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
  fi
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -h "$host" -p "$port" -q && break; sleep 1; done
fi
pg_isready -h "$host" -p "$port" -q || { echo "ensure.sh: no PostgreSQL on $host:$port" >&2; exit 1; }

for db in luotsi_test luotsi_bench; do
  exists="$(psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")"
  [[ "$exists" == "1" ]] || psql -h "$host" -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE $db" >/dev/null
done
echo "ensure.sh: PostgreSQL $(psql -h "$host" -p "$port" -U "$user" -d postgres -tAc 'SHOW server_version') on $host:$port with luotsi_test and luotsi_bench"
