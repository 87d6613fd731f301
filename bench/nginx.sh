#!/usr/bin/env bash
# Starts (or stops) the benchmark nginx on loopback. Installs nginx and the echo module from
# Debian's packages when missing. Usage: bench/nginx.sh start DIR [PORT] [HOSTS] | stop DIR
# HOSTS > 1 adds listen lines for 127.0.0.1..127.0.0.HOSTS (per-host limits get exercised).
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?work dir}; port=${3:-18080}; hosts=${4:-1}
here=$(cd "$(dirname "$0")" && pwd)
if [ "$cmd" = stop ]; then
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  exit 0
fi
if ! command -v nginx >/dev/null || [ ! -f /usr/lib/nginx/modules/ngx_http_echo_module.so ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq nginx-light libnginx-mod-http-echo >/dev/null 2>&1 || apt-get install -y -qq nginx libnginx-mod-http-echo >/dev/null
  # Debian starts the packaged nginx on port 80; this benchmark uses its own instance only.
  service nginx stop >/dev/null 2>&1 || true
fi
mkdir -p "$dir/www" "$dir/tmp"
head -c 102400 /dev/urandom > "$dir/www/100k"
small=$(printf 'x%.0s' $(seq 1 100))
listen=""
for i in $(seq 1 "$hosts"); do listen="$listen listen 127.0.0.$i:$port backlog=8192;"; done
sed -e "s#@DIR@#$dir#g" -e "s#@LISTEN@#$listen#" -e "s#@SMALL@#$small#" "$here/nginx.conf.template" > "$dir/nginx.conf"
ulimit -n 65536 2>/dev/null || true
nginx -c "$dir/nginx.conf" -p "$dir"
for _ in $(seq 1 50); do
  if curl -fs "http://127.0.0.1:$port/small" >/dev/null 2>&1; then exit 0; fi
  sleep 0.1
done
echo "nginx did not answer on 127.0.0.1:$port" >&2; exit 1
