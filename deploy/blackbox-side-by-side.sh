#!/usr/bin/env bash
# fetchd's /probe side by side with Debian's prometheus-blackbox-exporter (0.23), on loopback only.
#
#   1. installs prometheus-blackbox-exporter, openssl, python3 and curl from Debian if missing;
#   2. makes a test CA with openssl in a temporary directory: a root that expires first (so the
#      verified chain's expiry is the root's), an intermediate that expires before the leaves (so
#      the presented chain's earliest expiry is the intermediate's), leaves for 127.0.0.1 and for
#      probe.test;
#   3. starts the local targets (deploy/blackbox-side-by-side/targets.py) on 127.0.0.1;
#   4. starts blackbox with deploy/blackbox-side-by-side/blackbox.yml (--config.file) and fetchd
#      (target/fetchd.jar, built if missing) with the same file (metrics.probeModulesFile);
#   5. probes every case of deploy/blackbox-side-by-side/cases.txt with both, and compares the
#      answers (compare.py): the metric names and label sets must be the same and every value
#      equal, timings excepted; fetchd's own probe_failure_info is left out;
#   6. checks that both answer an unknown module with 400 'Unknown module "nope"', that both
#      answer debug=true with their log as text, and that fetchd refuses to start on a module it
#      does not support, naming the key and the file.
#
# Exit 0 when all of it holds, 1 otherwise (the differences are printed). Everything started here
# is stopped on exit. Run as root on a fresh Debian machine (apt-get is used when a tool is
# missing); java 17 must be present (and maven, when target/fetchd.jar is not built).
#
# Environment: BASE_PORT (18290; eight ports from it are used), FETCHD_JAR (target/fetchd.jar),
# KEEP_WORKDIR=1 to keep the temporary directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/deploy/blackbox-side-by-side"
BASE_PORT="${BASE_PORT:-18290}"
HTTP_PORT=$BASE_PORT
HTTPS_PORT=$((BASE_PORT + 1))
NAMED_PORT=$((BASE_PORT + 2))
TLS12_PORT=$((BASE_PORT + 3))
SILENT_PORT=$((BASE_PORT + 4))
CLOSED_PORT=$((BASE_PORT + 5))
BB_PORT=$((BASE_PORT + 6))
FD_PORT=$((BASE_PORT + 7))
JAR="${FETCHD_JAR:-$ROOT/target/fetchd.jar}"
WORK="$(mktemp -d /tmp/fetchd-blackbox.XXXXXX)"
PIDS=()
START=$SECONDS

log() { printf '[blackbox-side-by-side] %s\n' "$*"; }

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_WORKDIR:-0}" = 1 ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
  log "FAIL: $*"
  for f in "$WORK"/*.log; do
    [ -f "$f" ] || continue
    printf '\n----- %s (last 40 lines) -----\n' "$(basename "$f")"
    tail -n 40 "$f" || true
  done
  exit 1
}

# Waits until $1 answers 2xx, at most $2 seconds.
wait_http() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "nothing answered at $1 within $2 s"
}

# ------------------------------------------------------------------ tools
need_apt=()
command -v prometheus-blackbox-exporter >/dev/null 2>&1 || need_apt+=(prometheus-blackbox-exporter)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" > "$WORK/apt.log" 2>&1 || fail "apt-get install ${need_apt[*]} failed"
fi
BLACKBOX="$(command -v prometheus-blackbox-exporter)"
log "$("$BLACKBOX" --version 2>&1 | head -n 1)"
if [ ! -f "$JAR" ]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -B -ntp -q package -DskipTests) > "$WORK/build.log" 2>&1 || fail "mvn package failed"
fi

# ------------------------------------------------------------------ test CA
CERTS="$WORK/certs"
mkdir -p "$CERTS"
(
  cd "$CERTS"
  key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1.key" 2>/dev/null; }
  key root
  openssl req -x509 -new -key root.key -out root.pem -days 25 -subj "/O=fetchd side-by-side/CN=Test Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  key inter
  openssl req -new -key inter.key -out inter.csr -subj "/O=fetchd side-by-side/CN=Test Intermediate CA"
  printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' > inter.ext
  openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 -extfile inter.ext \
    -out inter.pem 2>/dev/null
  leaf() { # name, days, subjectAltName
    key "$1"
    openssl req -new -key "$1.key" -out "$1.csr" -subj "/O=fetchd side-by-side/OU=probes/CN=$1 server"
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$3" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA inter.pem -CAkey inter.key -CAcreateserial -days "$2" -extfile "$1.ext" \
      -out "$1.pem" 2>/dev/null
    cat "$1.pem" inter.pem > "$1-chain.pem"
  }
  leaf leaf 80 "IP:127.0.0.1,DNS:localhost.test"
  leaf named 60 "DNS:probe.test,DNS:www.probe.test"
) > "$WORK/openssl.log" 2>&1 || fail "openssl could not make the test CA"

# ------------------------------------------------------------------ targets and exporters
python3 "$HERE/targets.py" "$HTTP_PORT" "$HTTPS_PORT" "$NAMED_PORT" "$TLS12_PORT" "$SILENT_PORT" "$CERTS" \
  > "$WORK/targets.log" 2>&1 &
PIDS+=($!)
sed "s#@CERT_DIR@#$CERTS#g" "$HERE/blackbox.yml" > "$WORK/blackbox.yml"

"$BLACKBOX" --config.file="$WORK/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" \
  > "$WORK/blackbox.log" 2>&1 &
PIDS+=($!)

FETCHD_SERVER_HOST=127.0.0.1 FETCHD_SERVER_PORT="$FD_PORT" FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK=true \
  FETCHD_METRICS_PROBE_MODULES_FILE="$WORK/blackbox.yml" java -jar "$JAR" serve > "$WORK/fetchd.log" 2>&1 &
PIDS+=($!)

wait_http "http://127.0.0.1:$HTTP_PORT/ok" 20
wait_http "http://127.0.0.1:$BB_PORT/-/healthy" 20
wait_http "http://127.0.0.1:$FD_PORT/healthz" 40
log "targets, blackbox (127.0.0.1:$BB_PORT) and fetchd (127.0.0.1:$FD_PORT) up after $((SECONDS - START)) s"

# ------------------------------------------------------------------ the cases
OUT="$WORK/out"
mkdir -p "$OUT"
probe() { # exporter port, case name, suffix, module, target, scrape timeout
  local headers=()
  [ -n "$6" ] && headers=(-H "X-Prometheus-Scrape-Timeout-Seconds: $6")
  curl -sS --max-time 30 "${headers[@]}" -o "$OUT/$2.$3" -G "http://127.0.0.1:$1/probe" \
    --data-urlencode "module=$4" --data-urlencode "target=$5" || echo "# curl failed" > "$OUT/$2.$3"
}
grep -v '^#' "$HERE/cases.txt" | grep -v '^$' > "$WORK/cases.txt"
running=()
while IFS='|' read -r name module target timeout; do
  target="${target//\{http\}/http://127.0.0.1:$HTTP_PORT}"
  target="${target//\{hostport\}/127.0.0.1:$HTTP_PORT}"
  target="${target//\{https\}/https://127.0.0.1:$HTTPS_PORT}"
  target="${target//\{named\}/https://127.0.0.1:$NAMED_PORT}"
  target="${target//\{tls12\}/https://127.0.0.1:$TLS12_PORT}"
  target="${target//\{silent\}/http://127.0.0.1:$SILENT_PORT}"
  target="${target//\{closed\}/http://127.0.0.1:$CLOSED_PORT}"
  probe "$BB_PORT" "$name" blackbox "$module" "$target" "${timeout:-}" &
  running+=($!)
  probe "$FD_PORT" "$name" fetchd "$module" "$target" "${timeout:-}" &
  running+=($!)
  if [ "${#running[@]}" -ge 8 ]; then
    wait "${running[@]}"
    running=()
  fi
done < "$WORK/cases.txt"
[ "${#running[@]}" -eq 0 ] || wait "${running[@]}"

rc=0
python3 "$HERE/compare.py" "$WORK/cases.txt" "$OUT" || rc=1

# ------------------------------------------------------------------ unknown module, debug, refusal
for port in "$BB_PORT" "$FD_PORT"; do
  code=$(curl -sS -o "$WORK/unknown.$port" -w '%{http_code}' "http://127.0.0.1:$port/probe?module=nope&target=127.0.0.1:$HTTP_PORT")
  body=$(cat "$WORK/unknown.$port")
  if [ "$code" != 400 ] || [ "$body" != 'Unknown module "nope"' ]; then
    log "DIFF unknown module on port $port: $code '$body' (want 400 'Unknown module \"nope\"')"
    rc=1
  fi
  curl -sS -o "$WORK/debug.$port" "http://127.0.0.1:$port/probe?module=http_2xx&debug=true&target=http://127.0.0.1:$HTTP_PORT/ok"
  if ! head -n 1 "$WORK/debug.$port" | grep -qx 'Logs for the probe:' \
     || ! grep -qx 'Metrics that would have been returned:' "$WORK/debug.$port" \
     || ! grep -q '^probe_success 1' "$WORK/debug.$port"; then
    log "DIFF debug=true on port $port is not blackbox's debug text:"
    head -n 20 "$WORK/debug.$port"
    rc=1
  fi
done
log "unknown module: both 400 'Unknown module \"nope\"'; debug=true: both logs and metrics as text"

printf 'modules:\n  tcp_connect:\n    prober: tcp\n' > "$WORK/refused.yml"
set +e
refusal=$(FETCHD_SERVER_HOST=127.0.0.1 FETCHD_SERVER_PORT=0 FETCHD_METRICS_PROBE_MODULES_FILE="$WORK/refused.yml" \
  timeout 60 java -jar "$JAR" serve 2>&1 </dev/null)
refusal_rc=$?
set -e
if [ "$refusal_rc" = 0 ] || [ "$(printf '%s\n' "$refusal" | wc -l)" != 1 ] \
   || ! grep -q "refused.yml: modules.tcp_connect.prober" <<<"$refusal"; then
  log "FAIL fetchd did not refuse an unsupported module in one line naming the file and key (exit $refusal_rc):"
  printf '%s\n' "$refusal"
  rc=1
else
  log "refusal (exit $refusal_rc): $refusal"
fi

log "done in $((SECONDS - START)) s"
if [ "$rc" != 0 ]; then
  fail "fetchd's /probe differs from blackbox_exporter's (see above)"
fi
log "OK: fetchd's /probe answers as blackbox_exporter does"
