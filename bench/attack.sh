#!/usr/bin/env bash
# Scripted attack run against fetchd (issue 14, "Survival"). A benchmark, not a test: loopback only,
# every attack bounded in count and time. See bench/README-bench.md.
#
# Usage: bench/attack.sh [--quick] [--only NAME[,NAME]] [--jar PATH] [--heap 512m]
#                        [--slow-scale F] [--flood N] [--flood-server-nofile N] [--help]
#   --quick        small counts: a smoke run of about a minute after the build
#   --only         attacks to run, by name or number (1-8): retained-jobs, partial-uploads,
#                  slow-body, conn-flood, disconnect-race, 413-read, pipelining, probe-auth
#   --jar PATH     measure this jar; without it `mvn -B -ntp -q -DskipTests package` builds
#                  target/fetchd.jar from this work tree first
#   --heap SIZE    the server's -Xmx (default 512m)
#   --slow-scale F slow-body's time scale (default 1: a byte every 5 s for 45 s, readTimeout 30 s)
# Each attack starts its own `java -Xmx<heap> -XX:+ExitOnOutOfMemoryError -jar fetchd.jar`.
# Prints a markdown table and writes it to bench/results/attack-<UTC timestamp>.md.
# A trap kills every process the run started (by the pids it recorded) on any exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar=""
args=()
orig=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,16p' "$0"; echo; exec python3 "$root/bench/attack.py" --help ;;
    --jar) jar=${2:?--jar needs a path}; shift ;;
    --jar=*) jar=${1#--jar=} ;;
    *) args+=("$1") ;;
  esac
  shift
done

scratch=$(mktemp -d /tmp/fetchd-attack.XXXXXX)
mkdir -p "$scratch/pids"
driver=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$driver" ] && kill "$driver" 2>/dev/null || true
  local f pid
  for f in "$scratch"/pids/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && { echo "attack.sh: SIGKILL to $pid ($(basename "$f" .pid))" >&2; kill -9 "$pid" 2>/dev/null || true; }
    fi
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A few thousand sockets for conn-flood: raise the soft fd limit to the hard one when allowed.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$(ulimit -Sn)" -lt "$hard" ]; then
  ulimit -Sn "$hard" 2>/dev/null || echo "attack.sh: could not raise ulimit -n (now $(ulimit -Sn))" >&2
fi

given=()
if [ -z "$jar" ]; then
  echo "attack.sh: building target/fetchd.jar" >&2
  (cd "$root" && mvn -B -ntp -q -DskipTests package)
  jar="$root/target/fetchd.jar"
else
  given=(--jar-given)
fi

python3 "$root/bench/attack.py" "${args[@]}" --jar "$jar" "${given[@]}" \
  --pid-dir "$scratch/pids" --command-line "bench/attack.sh ${orig[*]}" &
driver=$!
wait "$driver"
rc=$?
driver=""
exit "$rc"
