#!/usr/bin/env bash
# Provisions municipalities' Kafka principals (SCRAM-SHA-512) and their ACLs on the broker that
# start.sh runs (Provision.java, through the PLAINTEXT listener, whose loopback principal is the
# broker's super user). Idempotent: a second run updates the password and converges the ACLs.
#
#   provision.sh PRINCIPAL=CODE:PASSWORD [PRINCIPAL=CODE:PASSWORD ...]
#   KAFKA_MUNICIPALITY_PRINCIPALS="municipality-837=837:pw municipality-091=091:pw" provision.sh
#
# KAFKA_BROKERS: the PLAINTEXT bootstrap (default 127.0.0.1:${KAFKA_PORT:-9092});
# KAFKA_TOPIC_PREFIX: the installation's topic prefix (as the services use it), default none.
# With no arguments and no KAFKA_MUNICIPALITY_PRINCIPALS, the demo principals are provisioned
# (municipality-837 Tampere and municipality-091 Helsinki, development passwords).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bootstrap="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
bootstrap="${bootstrap%%,*}"
prefix="${KAFKA_TOPIC_PREFIX:-}"
"$here/fetch.sh"
specs=("$@")
if [[ ${#specs[@]} -eq 0 ]]; then
  # shellcheck disable=SC2206 # a space-separated list on purpose
  specs=(${KAFKA_MUNICIPALITY_PRINCIPALS:-municipality-837=837:dev-kafka-secret-837 municipality-091=091:dev-kafka-secret-091})
fi
for spec in "${specs[@]}"; do
  principal="${spec%%=*}"
  rest="${spec#*=}"
  code="${rest%%:*}"
  password="${rest#*:}"
  if [[ -z "$principal" || "$principal" == "$spec" || -z "$code" || "$code" == "$rest" || -z "$password" ]]; then
    echo "provision.sh: expected PRINCIPAL=CODE:PASSWORD, got '${spec%%:*}:…'" >&2
    exit 2
  fi
done
java -cp "$here/libs/*" -Dlog4j2.configurationFile="$here/log4j2-tools.properties" "$here/Provision.java" \
  "$bootstrap" "$prefix" "${specs[@]}"
