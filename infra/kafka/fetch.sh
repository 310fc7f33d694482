#!/usr/bin/env bash
# Fetches the Apache Kafka broker jars (pom.xml) from Maven Central into infra/kafka/libs.
# Idempotent: does nothing when the jars for this pom.xml are already there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$here/libs/.fetched-$(sha1sum "$here/pom.xml" | cut -c1-12)"
[[ -f "$stamp" ]] && exit 0
command -v mvn >/dev/null || { echo "fetch.sh: Maven (mvn) is required to fetch the Kafka jars" >&2; exit 1; }
# Into a fresh dir first, so an interrupted fetch never leaves a half-filled libs/ that looks done.
mkdir -p "$here/.run"
tmp="$(mktemp -d "$here/.run/libs-XXXXXX")"
trap 'rm -rf "$tmp" "$tmp.log"' EXIT
mvn -q -B -Dstyle.color=never -f "$here/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DoutputDirectory="$tmp" -DincludeScope=runtime >"$tmp.log" 2>&1 \
  || { cat "$tmp.log" >&2; rm -f "$tmp.log"; echo "fetch.sh: Maven could not fetch the Kafka jars" >&2; exit 1; }
rm -f "$tmp.log"
touch "$tmp/$(basename "$stamp")"
rm -rf "$here/libs"
mv "$tmp" "$here/libs"
chmod 755 "$here/libs"
jars=("$here"/libs/*.jar)
echo "fetch.sh: ${#jars[@]} jars in infra/kafka/libs"
