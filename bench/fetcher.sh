#!/usr/bin/env bash
# fetchd fetcher benchmark against a local nginx (issue: the fetcher). Not a test.
# Workloads: 20,000 x /small at concurrency 64; 2,000 x /delay (1 s each) all at once.
# Usage: bench/fetcher.sh [RUNS]     Prints one key=value line per run.
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/fetchd-bench.XXXXXX)
trap '"$root/bench/nginx.sh" stop "$work"' EXIT
"$root/bench/nginx.sh" start "$work" 18080 1
cd "$root"
build="$root/target/bench-build"
mvn -q -B -Pbench -DskipTests -Dfetchd.build.dir="$build" compile dependency:build-classpath -Dmdep.outputFile="$build/bench.cp" >/dev/null
cp="$build/classes:$(cat "$build/bench.cp")"
ulimit -n 65536 2>/dev/null || true
java_opts=(-Xmx1g -XX:+UseParallelGC)
for r in $(seq 1 "$runs"); do
  java "${java_opts[@]}" -cp "$cp" io.fetchd.bench.FetchBench --label small --urls http://127.0.0.1:18080/small \
    --count 20000 --concurrency 64 --per-host 64 --warmup 5000
  java "${java_opts[@]}" -cp "$cp" io.fetchd.bench.FetchBench --label delay --urls http://127.0.0.1:18080/delay \
    --count 2000 --concurrency 2000 --per-host 2000
done
