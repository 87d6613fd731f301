#!/usr/bin/env bash
# Runs WPT's URL conformance data (urltestdata.json, toascii.json, IdnaTestV2.json) through
# FetchUrl.parse and prints pass/fail counts per suite and per class (host, path, query,
# userinfo), the cases fetchd refuses by design, and the out-of-scope count.
#
#   bench/conformance/url_conformance.sh [DATA_DIR] [-v] [--no-build]
#
# DATA_DIR defaults to ../shared/conformance-data (relative to the repository root). The data is
# public and not part of the project; nothing in `mvn verify` reads it. The runner uses the built
# jar (target/fetchd.jar, which also proves the ICU data packed into it is enough), through the
# Java source launcher, so nothing is compiled into the project.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/../shared/conformance-data"
build=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    -v|--verbose) args+=("-v") ;;
    *) data="$a" ;;
  esac
done
for f in urltestdata.json toascii.json IdnaTestV2.json; do
  [ -f "$data/$f" ] || { echo "missing $data/$f (pass the data directory as the argument)" >&2; exit 2; }
done
cd "$root"
if [ "$build" = 1 ] || [ ! -f target/fetchd.jar ]; then
  mvn -B -ntp -q -DskipTests package
fi
java -cp target/fetchd.jar bench/conformance/UrlConformance.java "$data" "${args[@]}"
