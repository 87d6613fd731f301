#!/usr/bin/env bash
# What ICU4J costs: jar size, and start-up time with and without a non-ASCII host, of two builds
# of target/fetchd.jar (before: java.net.IDN; after: ICU4J's UTS #46). Runs alternate between
# the two jars so machine load hits both alike; prints the median and the range of each.
#
#   bench/conformance/icu_cost.sh BEFORE_JAR AFTER_JAR [RUNS]
#
# Build BEFORE_JAR from a commit without ICU4J outside the repository, e.g.
#   git archive <commit> | tar -x -C /tmp/before && (cd /tmp/before && mvn -B -ntp -q -DskipTests package)
# Measures, per jar:
#   version   wall ms of `java -jar J --version` (JVM start and jar open; no URL parsed)
#   ascii     wall ms of `java -jar J fetch http://a.invalid:0/` (an ASCII host, refused
#             before any network: the fetch command's start-up without IDNA)
#   unicode   wall ms of `java -jar J fetch http://aא.com/` (a non-ASCII host both builds
#             refuse by the bidi rule, before any network: start-up plus loading IDNA)
#   first     µs of the first FetchUrl.parse of https://faß.example/ in a fresh JVM
#             (bench/conformance/FirstParse.java), and of the second one
#   first-ascii  µs of the first FetchUrl.parse of https://fass.example/ (no IDNA)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_JAR AFTER_JAR [RUNS]" >&2; exit 2; }
before="$1"
after="$2"
runs="${3:-15}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for j in "$before" "$after"; do
  [ -f "$j" ] || { echo "missing $j" >&2; exit 2; }
done
mkdir -p "$work/before" "$work/after"
javac -d "$work/before" -cp "$before" "$root/bench/conformance/FirstParse.java"
javac -d "$work/after" -cp "$after" "$root/bench/conformance/FirstParse.java"

ms() { # wall milliseconds of a command, its output dropped
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

stats() { # median [min-max] of the numbers in a file
  sort -n "$1" | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
    printf "%s [%s-%s]", m, a[1], a[NR]}'
}

for i in $(seq 1 "$runs"); do
  for side in before after; do
    jar="${!side}"
    ms java -jar "$jar" --version >>"$work/$side.version"
    ms java -jar "$jar" fetch 'http://a.invalid:0/' >>"$work/$side.ascii"
    ms java -jar "$jar" fetch 'http://aא.com/' >>"$work/$side.unicode"
    out=$(java -cp "$jar:$work/$side" FirstParse 'https://faß.example/')
    echo "$out" | sed -E 's/.*first_us=([0-9]+).*/\1/' >>"$work/$side.first"
    echo "$out" | sed -E 's/.*second_us=([0-9]+).*/\1/' >>"$work/$side.second"
    java -cp "$jar:$work/$side" FirstParse 'https://fass.example/' \
      | sed -E 's/.*first_us=([0-9]+).*/\1/' >>"$work/$side.firstascii"
  done
done

size() { stat -c %s "$1"; }
printf '%-8s %12s %18s %18s %18s %24s %16s %24s\n' "" "jar bytes" "version ms" "ascii ms" "unicode ms" "first parse µs" "second µs" "first-ascii µs"
for side in before after; do
  jar="${!side}"
  printf '%-8s %12s %18s %18s %18s %24s %16s %24s\n' "$side" "$(size "$jar")" \
    "$(stats "$work/$side.version")" "$(stats "$work/$side.ascii")" "$(stats "$work/$side.unicode")" \
    "$(stats "$work/$side.first")" "$(stats "$work/$side.second")" "$(stats "$work/$side.firstascii")"
done
echo "runs per cell: $runs; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
