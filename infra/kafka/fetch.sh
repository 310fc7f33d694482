#!/usr/bin/env bash
# Fetches the Kafka broker jars from Maven Central into infra/kafka/libs (once; idempotent).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$here/libs/.fetched-$(sha1sum "$here/pom.xml" | cut -c1-12)"
if [[ -f "$stamp" ]]; then exit 0; fi
command -v mvn >/dev/null || { echo "fetch.sh: Maven (mvn) is required to fetch the Kafka jars" >&2; exit 1; }
rm -rf "$here/libs"
mvn -q -B -f "$here/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DoutputDirectory="$here/libs" -DincludeScope=runtime
touch "$stamp"
echo "fetch.sh: $(ls "$here/libs" | grep -c '\.jar$') jars in infra/kafka/libs"
