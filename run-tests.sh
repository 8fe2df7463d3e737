#!/usr/bin/env bash
# The tests: installs what they need when it is missing (redis-server, redis-tools, chromium, unzip,
# openssl: Debian's packages, as root or with sudo; otherwise it prints the command), then runs
#   mvn -B -ntp verify
# with any further arguments passed on to Maven (e.g. ./run-tests.sh -pl browserstate-redis -am).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-packages.sh

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool not found: install a JDK 17 and Maven (sudo apt-get install -y openjdk-17-jdk-headless maven)" >&2
    exit 2
  fi
done
ensure_packages "Tests" redis-server redis-tools chromium unzip openssl || exit 2

# Debian's service scripts may start a redis-server on 6379 after install; the tests start their own
# servers on free ports and do not use it. Playwright uses Debian's Chromium, never a download.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# A fresh machine downloads every dependency once: ride out a dropped connection.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.wagon.http.retryHandler.count=3"
exec mvn -B -ntp verify "$@"
