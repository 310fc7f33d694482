#!/usr/bin/env bash
# Fetches the Keycloak server distribution (org.keycloak:keycloak-quarkus-dist zip) from Maven
# Central and unpacks it into infra/keycloak/dist. Idempotent: does nothing when this version is
# already unpacked there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${KEYCLOAK_VERSION:-26.4.7}"
stamp="$here/dist/.fetched-$version"
[[ -f "$stamp" ]] && exit 0
command -v mvn >/dev/null || { echo "fetch.sh: Maven (mvn) is required to fetch Keycloak" >&2; exit 1; }
command -v unzip >/dev/null || { echo "fetch.sh: unzip is required to unpack Keycloak" >&2; exit 1; }
# Into a fresh dir first, so an interrupted fetch never leaves a half-filled dist/ that looks done.
mkdir -p "$here/.run"
tmp="$(mktemp -d "$here/.run/dist-XXXXXX")"
trap 'rm -rf "$tmp" "$tmp.log"' EXIT
mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$tmp/zip" >"$tmp.log" 2>&1 \
  || { cat "$tmp.log" >&2; echo "fetch.sh: Maven could not fetch keycloak-quarkus-dist $version" >&2; exit 1; }
unzip -q "$tmp/zip/keycloak-quarkus-dist-$version.zip" -d "$tmp/unpacked"
# The zip holds one top-level directory, keycloak-<version>/.
src="$(find "$tmp/unpacked" -mindepth 1 -maxdepth 1 -type d | head -n1)"
[[ -x "$src/bin/kc.sh" ]] || { echo "fetch.sh: no bin/kc.sh in the Keycloak zip" >&2; exit 1; }
touch "$src/$(basename "$stamp")"
rm -rf "$here/dist"
mv "$src" "$here/dist"
echo "fetch.sh: Keycloak $version in infra/keycloak/dist"
