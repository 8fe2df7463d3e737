#!/usr/bin/env bash
# Builds the benchmark and runs it: prints the table and writes results.json and results.md
# (default: bench-results/ in the current directory). Options: run.sh --help.
# Extra JVM options for the benchmark JVM: BENCH_JAVA_OPTS (e.g. a flight recording:
# BENCH_JAVA_OPTS=-XX:StartFlightRecording=settings=profile,filename=bench.jfr).
# BENCH_SKIP_BUILD=1 runs what target/ holds without building.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
if [ "${BENCH_SKIP_BUILD:-0}" = 1 ]; then
  : # built already
elif grep -q '<module>browserstate-bench</module>' "$root/pom.xml"; then
  # the reactor builds what the benchmark needs from this checkout
  mvn -q -f "$root/pom.xml" -pl browserstate-bench,browserstate-cli -am package -DskipTests
else
  mvn -q -f "$here/pom.xml" package -DskipTests
fi
exec java ${BENCH_JAVA_OPTS:-} -Dbench.checkout="$root" -cp "$here/target/classes:$here/target/lib/*" io.browserstate.bench.Main "$@"
