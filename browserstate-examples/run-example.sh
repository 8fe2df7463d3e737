#!/usr/bin/env bash
# Runs the Redis notes example: builds it and the modules it needs (tests not compiled), then runs it
# from the reactor's classes; nothing is installed into ~/.m2.
#
#   browserstate-examples/run-example.sh [userId [sessionId]] [--headed] [--port=N] [--redis=URI]
#                                        [--embedded-dir=DIR] [--note=TEXT]
#
# Redis: --redis, else BROWSERSTATE_URI, else REDIS_URL, else a Redis on 127.0.0.1:6379, else an
# embedded Redis with its data in ./.embedded-redis. Chromium: BROWSERSTATE_CHROMIUM, else Debian's
# /usr/lib/chromium/chromium and the other usual paths.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool not found: install a JDK 17 and Maven (sudo apt-get install -y openjdk-17-jdk-headless maven)" >&2
    exit 2
  fi
done
# Chromium from Debian's packages when it is missing (Redis needs nothing: an embedded one starts when none answers)
source scripts/ensure-packages.sh
ensure_packages "Example" chromium || exit 2

# exec.args is split like a shell line: quote every argument.
args=""
for a in "$@"; do
  if [[ "$a" == *\"* && "$a" == *\'* ]]; then
    echo "An argument may hold single or double quotes, not both: $a" >&2
    exit 2
  elif [[ "$a" == *\"* ]]; then
    args+="'$a' "
  else
    args+="\"$a\" "
  fi
done

echo "Building the example (the first build downloads dependencies)..." >&2
exec mvn -q -pl browserstate-examples -am -Dmaven.test.skip=true -Prun-example verify -Dexec.args="$args"
