#!/usr/bin/env bash
# Side-by-side benchmark: fetchd's fetcher as a library, fetchd's REST service, AsyncHttpClient
# 3.0.x, the JDK HttpClient (HTTP/1.1) and wrk (the ceiling), against one local nginx on loopback.
# Not a test. See bench/README-bench.md for what is measured and how.
#
# Usage: bench/compare.sh [--smoke] [--runs N] [--rev REV | --worktree] [--baseline REV] [--port P]
#                         [--workloads W,...] [--contenders C,...]
#   --smoke      tiny counts, 1 run, wrk 2 s: proves the harness works (about a minute after the build)
#   --runs N     rounds (default 3); contender order rotates every round
#   --workloads  only these, from small,100k,delay,small-steady,100k-steady,memory (default all;
#                memory is the service's one-batch runs)
#   --contenders only these, from fetchd-lib,fetchd-service,fetchd-service-ndjson,ahc,jdk-httpclient,wrk
#                (default all). E.g. many rounds of one target:
#                --runs 15 --workloads small --contenders fetchd-lib,fetchd-service
#   --rev REV    the fetchd commit to measure (default HEAD), built from `git archive REV` so
#                edits in progress in the work tree do not leak in; the harness (contenders/) is
#                always the one beside this script
#   --worktree   build the work tree as it is instead (the report says so)
#   --baseline REV  also build REV and run its fetchd-lib and fetchd-service as the contenders
#                fetchd-lib@base and fetchd-service@base, in the same rounds (order rotated with
#                the others): a before/after comparison in one run, e.g. --baseline main
#   --port P     nginx port (default 18280); the service listens on P+10
# Writes bench/results/<UTC timestamp>.md (the table) and .raw (one RESULT line per run), and prints
# the table. Exits 1 when any contender run printed no result (logs are then kept). Build output goes to $FETCHD_COMPARE_BUILD (default /tmp/cmp-build), never ./target.
set -euo pipefail

smoke=0; runs=3; rev=HEAD; worktree=0; baseline=""; port=18280; only_workloads=""; only_contenders=""
all_workloads=(small 100k delay small-steady 100k-steady memory)
all_contenders=(fetchd-lib fetchd-service fetchd-service-ndjson ahc jdk-httpclient wrk)
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; runs=1 ;;
    --runs) runs=${2:?}; shift ;;
    --rev) rev=${2:?}; shift ;;
    --worktree) worktree=1 ;;
    --port) port=${2:?}; shift ;;
    --workloads) only_workloads=${2:?}; shift ;;
    --contenders) only_contenders=${2:?}; shift ;;
    --baseline) baseline=${2:?}; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
# A comma-separated selection from a list of known names; an unknown name is an error.
select_from() { # what selection known...
  local what=$1 sel=$2; shift 2
  local name known out=()
  IFS=, read -r -a picked <<<"$sel"
  [ "${#picked[@]}" -gt 0 ] || { echo "compare.sh: --$what needs at least one name" >&2; exit 2; }
  for name in "${picked[@]}"; do
    for known in "$@"; do [ "$name" = "$known" ] && { out+=("$name"); continue 2; }; done
    echo "compare.sh: unknown $what name '$name' (known: $*)" >&2; exit 2
  done
  echo "${out[@]}"
}
selected_workloads="${all_workloads[*]}"; selected_contenders="${all_contenders[*]}"
[ -z "$only_workloads" ] || selected_workloads=$(select_from workloads "$only_workloads" "${all_workloads[@]}")
[ -z "$only_contenders" ] || selected_contenders=$(select_from contenders "$only_contenders" "${all_contenders[@]}")
sport=$((port + 10))
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FETCHD_COMPARE_BUILD:-/tmp/cmp-build}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out_dir="$root/bench/results"
mkdir -p "$out_dir"
raw="$out_dir/$stamp.raw"
report="$out_dir/$stamp.md"
work=$(mktemp -d /tmp/fetchd-compare.XXXXXX)
chmod 755 "$work"   # nginx's worker (not root) reads $work/nginx/www/100k
log="$work/contenders.log"
service_pid=""
failures=0
keep=1   # until the run completes, a failed build or setup keeps $work for its logs

cleanup() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -9 "$service_pid" 2>/dev/null || true
  fi
  "$root/bench/nginx.sh" stop "$work/nginx" >/dev/null 2>&1 || true
  if [ "$failures" = 0 ] && [ "$keep" = 0 ]; then rm -rf "$work"; else echo "compare.sh: logs kept in $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$port" "$sport"; do
  port_free "$p" || { echo "compare.sh: port $p on 127.0.0.1 is taken (another benchmark?); use --port" >&2; exit 1; }
done

# --- 1. sources and build -------------------------------------------------------------------
# Builds commit $1 (or the work tree when $1 is "worktree") into $2: sets built_jar and built_cp.
build_rev() {
  local what=$1 into=$2 src
  if [ "$what" = worktree ]; then
    src="$root"
  else
    src="$work/src-$what"
    mkdir -p "$src"
    git -C "$root" archive "$what" | tar -x -C "$src"
    mkdir -p "$src/src/jmh/java/io/fetchd/bench"
    rm -rf "$src/src/jmh/java/io/fetchd/bench/contenders"
    cp -r "$root/src/jmh/java/io/fetchd/bench/contenders" "$src/src/jmh/java/io/fetchd/bench/"
  fi
  say "building $what into $into"
  rm -rf "$into/app" "$into/bench"
  (cd "$src" && mvn -B -q -Dmaven.test.skip=true -Dfetchd.build.dir="$into/app" package >>"$work/build.log" 2>&1) \
    || { cat "$work/build.log" >&2; exit 1; }
  (cd "$src" && mvn -B -q -Pbench -Dmaven.test.skip=true -Dfetchd.build.dir="$into/bench" compile \
    dependency:build-classpath -Dmdep.outputFile="$into/bench/bench.cp" >>"$work/build.log" 2>&1) \
    || { cat "$work/build.log" >&2; exit 1; }
  built_cp="$into/bench/classes:$(cat "$into/bench/bench.cp")"
  built_jar="$into/app/fetchd.jar"
}
if [ "$worktree" = 1 ]; then
  commit="$(git -C "$root" rev-parse HEAD) + uncommitted work tree"
  build_rev worktree "$build"
else
  commit=$(git -C "$root" rev-parse "$rev")
  build_rev "$commit" "$build"
fi
cp_head="$built_cp"; jar_head="$built_jar"
cp_bench="$cp_head"; jar="$jar_head"
if [ -n "$baseline" ]; then
  base_commit=$(git -C "$root" rev-parse "$baseline")
  build_rev "$base_commit" "$build/base"
  cp_base="$built_cp"; jar_base="$built_jar"
fi

# --- 2. upstream ------------------------------------------------------------------------------
# 65 loopback hosts: 127.0.0.1..64 carry the delayed workload, 127.0.0.65 only takes warm-ups
# (a different origin, so no measured client ever reuses a warm-up connection).
"$root/bench/nginx.sh" start "$work/nginx" "$port" 65 >/dev/null
ulimit -n 65536 2>/dev/null || true
say "nginx on 127.0.0.1..65:$port; open-file limit $(ulimit -n)"

# --- 3. workloads: name path count concurrency per_host warmup warmup_path wrk? warmup_window --------
# The warm-up window is the workload's own concurrency for `delay` (so every client has opened
# connections before, as a running service has: the measured connections are still new), 64 (or
# less) otherwise. The *-steady workloads repeat small and 100k after a warm-up long enough for
# the JIT compilers to finish, which is what a long-running service sees.
# Every JVM (fetchd's library and service, AHC) uses the same transport: epoll unless
# FETCHD_BENCH_TRANSPORT=io_uring (AHC would otherwise take io_uring where the kernel has it).
bench_transport="${FETCHD_BENCH_TRANSPORT:-epoll}"
jopts=(-Xmx1g -XX:+UseParallelGC "-Dfetchd.transport=$bench_transport")
if [ "$smoke" = 1 ]; then
  workloads=("small /small 500 64 64 200 /small 1 64" "100k /100k 100 64 64 50 /100k 1 64"
             "delay /delay 128 128 32 200 /small 0 128" "small-steady /small 1000 64 64 500 /small 0 64")
  mem_count=2000; mem_warm=200; wrk_secs=2; tmo=120
else
  workloads=("small /small 20000 64 64 5000 /small 1 64" "100k /100k 5000 64 64 1000 /100k 1 64"
             "delay /delay 2000 2000 32 5000 /small 0 2000"
             "small-steady /small 200000 64 64 50000 /small 0 64" "100k-steady /100k 40000 64 64 15000 /100k 0 64")
  mem_count=100000; mem_warm=5000; wrk_secs=10; tmo=600
fi
read -r -a contenders <<<"$selected_contenders"
if [ -n "$baseline" ]; then
  for c in fetchd-lib fetchd-service; do
    [[ " $selected_contenders " == *" $c "* ]] && contenders+=("$c@base")
  done
fi
label_suffix=""
selected() { [[ " $selected_workloads " == *" $1 "* ]]; }

emit_failure() {
  failures=$((failures + 1))
  echo "RESULT contender=$1 workload=$2 failed=1 round=$3" >>"$raw"; say "FAILED: $1 $2 (see $log)"
}

run_java() { # contender class workload round args...  ($cp_bench and $label_suffix say which build)
  local name=$1 class=$2 wl=$3 r=$4; shift 4
  local line
  line=$(timeout "$tmo" java "${jopts[@]}" -cp "$cp_bench" "io.fetchd.bench.contenders.$class" --label "$wl" \
    --timeout-s $((tmo - 30)) "$@" 2>>"$log" | grep '^RESULT' || true)
  [ -z "$label_suffix" ] || line=$(sed -E "s/(^| )contender=([^ ]+)/\1contender=\2$label_suffix/" <<<"$line")
  if [ -n "$line" ]; then echo "$line round=$r" >>"$raw"; say "$line"; else emit_failure "$name" "$wl" "$r"; fi
}

start_service() { # concurrency per_host
  local conc=$1 per=$2
  (cd "$work" && exec env FETCHD_SERVER_HOST=127.0.0.1 FETCHD_SERVER_PORT="$sport" \
    FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK=true \
    FETCHD_FETCHER_MAX_CONNECTIONS_PER_HOST="$per" FETCHD_FETCHER_MAX_IN_FLIGHT="$conc" \
    FETCHD_FETCHER_IDLE_TIMEOUT=30s FETCHD_BATCHES_MAX_IN_FLIGHT_PER_BATCH="$conc" \
    FETCHD_BATCHES_MAX_URLS_PER_BATCH=200000 FETCHD_BATCHES_MAX_QUEUED_URLS=400000 \
    FETCHD_SERVER_MAX_REQUEST_BODY_BYTES=33554432 FETCHD_SERVER_DRAIN_TIMEOUT=0 \
    java "${jopts[@]}" -jar "$jar" serve >>"$work/service.log" 2>&1) &
  service_pid=$!
  for _ in $(seq 1 150); do
    if curl -fs "http://127.0.0.1:$sport/healthz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.2
  done
  say "service did not come up on 127.0.0.1:$sport (see $work/service.log)"; tail -5 "$work/service.log" >&2
  return 1
}

stop_service() {
  [ -n "$service_pid" ] || return 0
  kill -TERM "$service_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
}

run_service() { # workload round count conc per warmup warm_urls urls [extra args]
  local wl=$1 r=$2 count=$3 conc=$4 per=$5 warm=$6 warm_urls=$7 urls=$8; shift 8
  if start_service "$conc" "$per"; then
    run_java fetchd-service ServiceClient "$wl" "$r" --service "http://127.0.0.1:$sport" --pid "$service_pid" \
      --urls "$urls" --count "$count" --concurrency "$conc" --per-host "$per" --warmup "$warm" \
      --warmup-urls "$warm_urls" "$@"
  else
    emit_failure "fetchd-service$label_suffix" "$wl" "$r"
  fi
  stop_service
}

run_wrk() { # workload round path
  local wl=$1 r=$2 path=$3
  /usr/bin/time -f "TIME %U %S %M" timeout $((wrk_secs + 60)) wrk -t1 -c64 -d"${wrk_secs}s" --latency \
    "http://127.0.0.1:$port$path" >"$work/wrk.out" 2>&1 || true
  local line
  line=$(python3 "$root/bench/compare.py" wrk "$work/wrk.out" "$wl" 2>>"$log" || true)
  if [ -n "$line" ]; then echo "$line round=$r" >>"$raw"; say "$line"; else emit_failure wrk "$wl" "$r"; fi
}

command -v wrk >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq wrk >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$raw"
for r in $(seq 1 "$runs"); do
  # Rotate the order every round so no contender always runs first (cold page cache, CPU boost).
  k=$(( (r - 1) % ${#contenders[@]} ))
  order=("${contenders[@]:k}" "${contenders[@]:0:k}")
  say "round $r/$runs: ${order[*]}"
  for w in "${workloads[@]}"; do
    read -r wl path count conc per warm warm_path has_wrk warm_window <<<"$w"
    selected "$wl" || continue
    if [ "$wl" = delay ]; then urls="http://127.0.0.{1..64}:$port$path"; else urls="http://127.0.0.1:$port$path"; fi
    warm_urls="http://127.0.0.65:$port$warm_path"
    common=(--urls "$urls" --count "$count" --concurrency "$conc" --per-host "$per" --warmup "$warm" --warmup-urls "$warm_urls"
            --warmup-concurrency "$warm_window")
    for c in "${order[@]}"; do
      # A baseline contender runs the same code path from the baseline's build.
      if [[ "$c" == *@base ]]; then
        c=${c%@base}; cp_bench="$cp_base"; jar="$jar_base"; label_suffix="@base"
      else
        cp_bench="$cp_head"; jar="$jar_head"; label_suffix=""
      fi
      case "$c" in
        fetchd-lib) run_java "$c" FetchdLibrary "$wl" "$r" "${common[@]}" ;;
        ahc) run_java "$c" Ahc "$wl" "$r" "${common[@]}" ;;
        jdk-httpclient) # 3,000 URLs/s: the steady workloads would take minutes and say nothing new
          case "$wl" in *-steady) ;; *) run_java "$c" JdkHttpClient "$wl" "$r" "${common[@]}" ;; esac ;;
        fetchd-service) run_service "$wl" "$r" "$count" "$conc" "$per" "$warm" "$warm_urls" "$urls" ;;
        fetchd-service-ndjson) run_service "$wl" "$r" "$count" "$conc" "$per" "$warm" "$warm_urls" "$urls" --accept ndjson ;;
        wrk) if [ "$has_wrk" = 1 ]; then run_wrk "$wl" "$r" "$path"; fi ;;
      esac
    done
  done
  cp_bench="$cp_head"; jar="$jar_head"; label_suffix=""
  # Memory: one batch of mem_count URLs through the service (body none), answered as buffered JSON
  # (results streamed in input order) and as NDJSON (in completion order); either way the batch
  # keeps only outcomes not yet written.
  selected memory || continue
  run_service "batch-${mem_count}" "$r" "$mem_count" 64 64 "$mem_warm" "http://127.0.0.65:$port/small" \
    "http://127.0.0.1:$port/small"
  run_service "batch-${mem_count}-ndjson" "$r" "$mem_count" 64 64 "$mem_warm" "http://127.0.0.65:$port/small" \
    "http://127.0.0.1:$port/small" --accept ndjson
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 "$root/bench/compare.py" report "$raw" \
  --commit "$commit$([ -z "$baseline" ] || echo "; @base rows: $base_commit ($baseline)")" \
  --command "bench/compare.sh $([ "$smoke" = 1 ] && echo --smoke) --runs $runs $([ "$worktree" = 1 ] && echo --worktree || echo "--rev $rev")$([ -z "$baseline" ] || echo " --baseline $baseline")$([ -z "$only_workloads" ] || echo " --workloads $only_workloads")$([ -z "$only_contenders" ] || echo " --contenders $only_contenders")" \
  --machine "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)" \
  --jdk "$(java -version 2>&1 | head -2 | tail -1)" \
  --nginx "$(nginx -v 2>&1 | cut -d/ -f2), 1 worker" \
  --jvm-opts "${jopts[*]}" \
  --load "load average $load_start at start, $load_end at end" >"$report"
keep=0
cat "$report"
say "wrote $report and $raw"
# A contender that printed no result fails the run (the smoke mode is meant for CI).
if [ "$failures" -gt 0 ]; then say "$failures contender run(s) failed"; exit 1; fi
