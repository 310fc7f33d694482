#!/usr/bin/env bash
# kcat is a real third-party Kafka client (Debian package) used to check topics from outside.
set -euo pipefail
command -v kcat >/dev/null && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq kcat >/dev/null
echo "ensure-kcat.sh: $(kcat -V 2>&1 | head -1)"
