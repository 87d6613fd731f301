#!/usr/bin/env bash
# Smoke test of fetchd's Prometheus integration, end to end, on loopback only:
#
#   1. installs Prometheus (with promtool) from Debian if it is missing;
#   2. builds fetchd and starts `serve` on 127.0.0.1:$FETCHD_PORT, loopback upstreams allowed;
#   3. starts a tiny upstream (python3 -m http.server) serving one file, and the same over HTTPS;
#   4. checks GET /metrics with `promtool check metrics` (any lint problem fails);
#   5. starts a real Prometheus with deploy/prometheus/prometheus.yml (ports rewritten), which
#      scrapes /metrics (job fetchd) and probes the upstream through /probe (job fetchd-probe);
#   6. POSTs batches fetching the upstream URL and waits (at most $WAIT_SECONDS) until the
#      Prometheus HTTP API answers numbers for the per-URL p95, the per-URL count and
#      probe_success{job="fetchd-probe"} (which must be 1);
#   7. checks the rules (deploy/prometheus/rules): `promtool check rules`, `promtool test rules`,
#      then that the live Prometheus has loaded and evaluated every rule without error;
#   8. runs every query of the Grafana dashboard against the live Prometheus (its variables
#      replaced by "all") and fails on any query that is invalid or returns no data. An HTTPS
#      upstream (a test CA made here with openssl) is probed too, so the certificate panel has data.
#
# Exit 0 when all of it holds; otherwise the logs are printed and the exit status is 1. Everything
# started here is stopped on exit. Run as root on a fresh Debian machine (apt-get is used for
# prometheus, curl and python3 when missing; java 17 and maven must be present or installable).
#
# Environment: FETCHD_PORT (18089), UPSTREAM_PORT (18090), TLS_UPSTREAM_PORT (18091),
# PROM_PORT (19090), WAIT_SECONDS (60),
# FETCHD_BUILD_DIR (Maven build directory, default <repo>/target), MVN_ARGS (extra Maven flags,
# e.g. -o), KEEP_WORKDIR=1 to keep the temporary directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FETCHD_PORT="${FETCHD_PORT:-18089}"
UPSTREAM_PORT="${UPSTREAM_PORT:-18090}"
TLS_UPSTREAM_PORT="${TLS_UPSTREAM_PORT:-18091}"
PROM_PORT="${PROM_PORT:-19090}"
WAIT_SECONDS="${WAIT_SECONDS:-60}"
BUILD_DIR="${FETCHD_BUILD_DIR:-$ROOT/target}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS:-}"

WORK="$(mktemp -d /tmp/fetchd-prom-smoke.XXXXXX)"
PIDS=()

log() { printf '[prometheus-smoke] %s\n' "$*"; }

dump_logs() {
  for f in "$WORK"/*.log; do
    [ -f "$f" ] || continue
    printf '\n----- %s (last 80 lines) -----\n' "$(basename "$f")"
    tail -n 80 "$f" || true
  done
}

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
  dump_logs
  exit 1
}

# Waits until $1 answers 2xx, at most $2 seconds; $3 names what is awaited.
wait_http() {
  local url="$1" seconds="$2" what="$3" i
  for ((i = 0; i < seconds * 4; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.25
  done
  fail "$what did not answer at $url within ${seconds}s"
}

# ------------------------------------------------------------------ tools
need_apt=()
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" > "$WORK/apt.log" 2>&1 || fail "apt-get install ${need_apt[*]} failed"
fi
# The Debian package starts its own service (on :9090); it is not ours to run.
service prometheus stop > /dev/null 2>&1 || true
log "$(prometheus --version 2>&1 | head -n 1)"

# ------------------------------------------------------------------ rules, offline
RULES="$ROOT/deploy/prometheus/rules"
promtool check rules "$RULES/fetchd.rules.yml" > "$WORK/promtool-rules.log" 2>&1 \
  || { cat "$WORK/promtool-rules.log"; fail "promtool check rules rejected fetchd.rules.yml"; }
(cd "$RULES" && promtool test rules fetchd.rules.test.yml) > "$WORK/promtool-rules-test.log" 2>&1 \
  || { cat "$WORK/promtool-rules-test.log"; fail "promtool test rules failed"; }
log "promtool check rules and test rules: clean ($(grep -c 'alert:\|record:' "$RULES/fetchd.rules.yml") rules)"

# ------------------------------------------------------------------ build
log "building fetchd"
(cd "$ROOT" && mvn -q -B "${MVN_EXTRA[@]}" -DskipTests "-Dfetchd.build.dir=$BUILD_DIR" package) \
  > "$WORK/build.log" 2>&1 || fail "mvn package failed"
if [ -f "$BUILD_DIR/fetchd.jar" ]; then
  FETCHD_CMD=(java -jar "$BUILD_DIR/fetchd.jar" serve)
else
  (cd "$ROOT" && mvn -q -B "${MVN_EXTRA[@]}" "-Dfetchd.build.dir=$BUILD_DIR" dependency:build-classpath \
    -Dmdep.includeScope=test "-Dmdep.outputFile=$WORK/classpath.txt") >> "$WORK/build.log" 2>&1 \
    || fail "mvn dependency:build-classpath failed"
  FETCHD_CMD=(java -cp "$BUILD_DIR/classes:$(cat "$WORK/classpath.txt")" io.fetchd.app.Main serve)
fi

# ------------------------------------------------------------------ upstream
mkdir -p "$WORK/www"
echo "hello from the fetchd prometheus smoke upstream" > "$WORK/www/probe.txt"
TARGET="http://127.0.0.1:$UPSTREAM_PORT/probe.txt"
python3 -m http.server "$UPSTREAM_PORT" --bind 127.0.0.1 --directory "$WORK/www" > "$WORK/upstream.log" 2>&1 &
PIDS+=($!)
wait_http "$TARGET" 20 "the upstream"

# The same file over HTTPS, from a leaf signed by a CA made here; fetchd trusts that CA.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=fetchd smoke CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$WORK/ca.key" -out "$WORK/ca.pem" > "$WORK/openssl.log" 2>&1 || fail "openssl: CA"
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$WORK/leaf.key" \
  -out "$WORK/leaf.csr" >> "$WORK/openssl.log" 2>&1 || fail "openssl: leaf request"
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$WORK/leaf.ext"
openssl x509 -req -in "$WORK/leaf.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
  -days 20 -extfile "$WORK/leaf.ext" -out "$WORK/leaf.pem" >> "$WORK/openssl.log" 2>&1 || fail "openssl: leaf"
TLS_TARGET="https://127.0.0.1:$TLS_UPSTREAM_PORT/probe.txt"
python3 - "$TLS_UPSTREAM_PORT" "$WORK/www" "$WORK/leaf.pem" "$WORK/leaf.key" > "$WORK/tls-upstream.log" 2>&1 <<'PY' &
import functools, http.server, ssl, sys
port, root, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(cert, key)
server.socket = tls.wrap_socket(server.socket, server_side=True)
server.serve_forever()
PY
PIDS+=($!)
for ((i = 0; i < 80; i++)); do
  curl -fsS -o /dev/null --max-time 2 --cacert "$WORK/ca.pem" "$TLS_TARGET" 2>/dev/null && break
  sleep 0.25
done
curl -fsS -o /dev/null --max-time 2 --cacert "$WORK/ca.pem" "$TLS_TARGET" || fail "the HTTPS upstream did not answer"

# ------------------------------------------------------------------ fetchd
log "starting: ${FETCHD_CMD[*]:0:3} ... on 127.0.0.1:$FETCHD_PORT"
FETCHD_SERVER_HOST=127.0.0.1 FETCHD_SERVER_PORT="$FETCHD_PORT" FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK=true \
  FETCHD_FETCHER_TRUSTED_CA_FILE="$WORK/ca.pem" \
  "${FETCHD_CMD[@]}" > "$WORK/fetchd.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$FETCHD_PORT/healthz" 60 "fetchd"

# ------------------------------------------------------------------ promtool check metrics
curl -fsS --max-time 10 "http://127.0.0.1:$FETCHD_PORT/metrics" > "$WORK/metrics.txt" \
  || fail "GET /metrics failed"
grep -q '^fetchd_build_info{' "$WORK/metrics.txt" || fail "GET /metrics has no fetchd_build_info"
if ! promtool check metrics < "$WORK/metrics.txt" > "$WORK/promtool.log" 2>&1; then
  cat "$WORK/promtool.log"
  fail "promtool check metrics found problems"
fi
log "promtool check metrics: clean ($(grep -vc '^#' "$WORK/metrics.txt") samples)"

# ------------------------------------------------------------------ prometheus
# The HTTPS upstream is added as a second probe target, on its own line below the first.
sed -e "s/127\.0\.0\.1:18089/127.0.0.1:$FETCHD_PORT/g" \
    -e "s#^\( *\)- http://127\.0\.0\.1:18090/probe\.txt#\1- $TARGET\n\1- $TLS_TARGET#" \
    "$ROOT/deploy/prometheus/prometheus.yml" > "$WORK/prometheus.yml"
grep -qF -- "- $TLS_TARGET" "$WORK/prometheus.yml" || fail "could not add the HTTPS probe target"
cp -r "$RULES" "$WORK/rules"
promtool check config "$WORK/prometheus.yml" > "$WORK/promtool-config.log" 2>&1 \
  || fail "promtool check config rejected deploy/prometheus/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 60 "prometheus"

# ------------------------------------------------------------------ traffic and queries
post_batch() {
  curl -fsS --max-time 20 -o "$WORK/last-batch.json" -H 'Content-Type: application/json' \
    --data "{\"urls\":[\"$TARGET\",\"$TARGET\",\"$TARGET\"]}" \
    "http://127.0.0.1:$FETCHD_PORT/v1/fetch" 2>> "$WORK/batches.log"
}

# Prints the first result's value of instant query $1 when it is a finite number; fails otherwise.
query_number() {
  curl -fsS --max-time 5 --get --data-urlencode "query=$1" \
    "http://127.0.0.1:$PROM_PORT/api/v1/query" 2> /dev/null \
    | python3 -c '
import json, math, sys
doc = json.load(sys.stdin)
res = doc.get("data", {}).get("result", [])
if doc.get("status") != "success" or not res:
    sys.exit(1)
v = float(res[0]["value"][1])
if math.isnan(v) or math.isinf(v):
    sys.exit(1)
print(res[0]["value"][1])
'
}

# True when instant query $1 is valid and returns at least one series (a NaN value counts: a
# quantile of an idle histogram is still an answer).
query_has_data() {
  curl -fsS --max-time 5 --get --data-urlencode "query=$1" \
    "http://127.0.0.1:$PROM_PORT/api/v1/query" 2> /dev/null \
    | python3 -c '
import json, sys
doc = json.load(sys.stdin)
sys.exit(0 if doc.get("status") == "success" and doc["data"]["result"] else 1)
'
}

P95="histogram_quantile(0.95, sum by (le) (rate(fetchd_url_fetch_duration_seconds_bucket{url=\"$TARGET\"}[1m])))"
COUNT="fetchd_url_fetch_duration_seconds_count{url=\"$TARGET\"}"
PROBE='probe_success{job="fetchd-probe"}'

post_batch || fail "POST /v1/fetch failed"
log "waiting (at most ${WAIT_SECONDS}s) for Prometheus to answer the queries"
deadline=$((SECONDS + WAIT_SECONDS))
p95="" count="" probe=""
while [ "$SECONDS" -lt "$deadline" ]; do
  post_batch || true # keeps the rate above zero between scrapes
  p95="$(query_number "$P95" || true)"
  count="$(query_number "$COUNT" || true)"
  probe="$(query_number "$PROBE" || true)"
  if [ -n "$p95" ] && [ -n "$count" ] && [ "$probe" = "1" ]; then
    break
  fi
  sleep 1
done
[ -n "$p95" ] || fail "no number for: $P95"
[ -n "$count" ] || fail "no number for: $COUNT"
[ -n "$probe" ] || fail "no number for: $PROBE"
[ "$probe" = "1" ] || fail "$PROBE is $probe, expected 1"

log "p95 of $TARGET: ${p95}s; per-URL count: $count; probe_success: $probe"

# ------------------------------------------------------------------ rules, live
# Every rule loaded from fetchd.rules.yml, evaluated at least once, and healthy.
rules_ok() {
  curl -fsS --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/rules" 2> /dev/null > "$WORK/rules.json" || return 1
  python3 - "$WORK/rules.json" "$RULES/fetchd.rules.yml" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
want = len(re.findall(r"^\s*- (?:alert|record):", open(sys.argv[2]).read(), re.M))
rules = [r for g in doc["data"]["groups"] for r in g["rules"]]
bad = [r["name"] + ": " + r.get("lastError", r.get("health", "")) for r in rules if r.get("health") != "ok"]
if len(rules) != want or bad:
    print("loaded %d of %d rules; unhealthy: %s" % (len(rules), want, bad))
    sys.exit(1)
print("%d rules loaded and healthy" % len(rules))
PY
}
deadline=$((SECONDS + 20))
until rules_ok > "$WORK/rules-check.log" 2>&1; do
  [ "$SECONDS" -lt "$deadline" ] || { cat "$WORK/rules-check.log"; fail "the live Prometheus did not load and evaluate every rule"; }
  sleep 1
done
log "live rules: $(cat "$WORK/rules-check.log")"

# ------------------------------------------------------------------ dashboard queries
# Every target of deploy/grafana/fetchd-dashboard.json, its variables replaced by "all", must be
# a valid query that returns data. Retried until $WAIT_SECONDS is spent (rates need two samples).
python3 - "$ROOT/deploy/grafana/fetchd-dashboard.json" > "$WORK/dashboard-queries.txt" <<'PY'
import json, sys
for panel in json.load(open(sys.argv[1]))["panels"]:
    for t in panel.get("targets", []):
        print(t["expr"].replace("$__rate_interval", "15s").replace("$probe_job", ".+").replace("$job", ".+"))
PY
deadline=$((SECONDS + WAIT_SECONDS))
while :; do
  post_batch || true
  missing=()
  while IFS= read -r q; do
    query_has_data "$q" || missing+=("$q")
  done < "$WORK/dashboard-queries.txt"
  [ "${#missing[@]}" -eq 0 ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    printf '  no data: %s\n' "${missing[@]}"
    fail "${#missing[@]} dashboard queries are invalid or return no data"
  fi
  sleep 1
done
log "dashboard: all $(wc -l < "$WORK/dashboard-queries.txt") queries valid and answering"
days="$(query_number "min(probe_ssl_earliest_cert_expiry{instance=\"$TLS_TARGET\"} - time()) / 86400" || true)"
python3 -c "import sys; d = float(sys.argv[1]); sys.exit(0 if 19 < d <= 20 else 1)" "${days:-0}" \
  || fail "probe_ssl_earliest_cert_expiry of $TLS_TARGET is ${days:-missing} days away, expected the leaf's 20"
log "HTTPS probe: certificate expires in $days days"
log "OK"
