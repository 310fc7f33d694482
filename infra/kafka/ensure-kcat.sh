#!/usr/bin/env bash
# Installs kcat (a real third-party Kafka client, Debian package "kcat") when it is missing.
# start.sh uses it to check that the broker serves metadata; without it start.sh falls back to a
# TCP check. Used by CI (.ci/run). Idempotent.
set -euo pipefail
command -v kcat >/dev/null && exit 0
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
# apt output only when it fails.
apt_() { local out; out="$(as_root apt-get "$@" 2>&1)" || { echo "$out" >&2; return 1; }; }
command -v apt-get >/dev/null || { echo "ensure-kcat.sh: no apt-get; install kcat by hand" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt_ update -qq
apt_ install -y -qq --no-install-recommends kcat
echo "ensure-kcat.sh: installed $(kcat -V 2>&1 | sed -n 's/^Version \([^ ]*\).*/kcat \1/p')"
