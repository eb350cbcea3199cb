#!/usr/bin/env bash
# Relay at scale on one machine: PostgreSQL, a SeaweedFS cluster (master, three volume servers with
# replication 001, filer, S3 gateway: scripts/services.sh with RELAY_SERVICES_WEED=cluster), N
# `relay-backend serve` and M `relay-backend worker` processes on loopback ports, all with one
# configuration, behind nginx (round-robin, WebSocket upgrade, request bodies streamed).
#
#   scripts/fleet.sh up [N_API] [M_WORKERS]   (default 2 2) prints the fleet's env file as its last line
#   scripts/fleet.sh status                   each process: pid, alive, health
#   scripts/fleet.sh restart NAME             kill -9 then start one process again (serve-1, worker-2, ...)
#   scripts/fleet.sh kill-volume K            kill -9 SeaweedFS volume server K (0-2), left down
#   scripts/fleet.sh restart-postgres         PostgreSQL fast restart (every connection cut)
#   scripts/fleet.sh down                     stop everything, remove the state dir (safe twice)
#
# State: $RELAY_FLEET_DIR (default /tmp/relay-fleet): services/, data/, logs/, pids/, nginx/, and
#   fleet.env   RELAY_FLEET_URL (nginx), RELAY_FLEET_DIR, and the RELAY_* configuration every process
#               runs with (sourcing it lets `relay-backend admin ...` reach the same database).
# The binary: $RELAY_BACKEND_BIN, else `swift build -c ${FLEET_CONFIG:-release} --product relay-backend`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
DIR="${RELAY_FLEET_DIR:-/tmp/relay-fleet}"
MARKER=".relay-fleet"
log() { printf '[fleet] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

backend_bin() {
    if [ -n "${RELAY_BACKEND_BIN:-}" ]; then printf '%s\n' "$RELAY_BACKEND_BIN"; return; fi
    local config="${FLEET_CONFIG:-release}"
    swift build -c "$config" --product relay-backend >&2
    printf '%s/relay-backend\n' "$(swift build -c "$config" --show-bin-path)"
}

# start_process NAME: starts serve-K or worker-K from the recorded command, pid in pids/NAME.pid.
start_process() {
    local name="$1" port
    # shellcheck disable=SC1091
    set -a; source "$DIR/fleet.env"; set +a
    case "$name" in
        serve-*)
            port="$(cat "$DIR/pids/$name.port")"
            "$(cat "$DIR/backend.path")" serve --host 127.0.0.1 --port "$port" --worker none \
                </dev/null >>"$DIR/logs/$name.log" 2>&1 &
            ;;
        worker-*)
            "$(cat "$DIR/backend.path")" worker </dev/null >>"$DIR/logs/$name.log" 2>&1 &
            ;;
        *) die "unknown process $name" ;;
    esac
    echo $! >"$DIR/pids/$name.pid"
}

wait_health() {
    local url="$1"
    for _ in $(seq 1 600); do curl -fs -o /dev/null --max-time 1 "$url" && return 0; sleep 0.1; done
    return 1
}

up() {
    local api="${1:-2}" workers="${2:-2}" backend services_env lb_port i port
    command -v nginx >/dev/null 2>&1 || die "nginx not found (apt-get install nginx-light, or run scripts/install-deps.sh)"
    if [ -f "$DIR/$MARKER" ]; then die "$DIR holds a fleet already (scripts/fleet.sh down first)"; fi
    backend="$(backend_bin)"
    [ -x "$backend" ] || die "no relay-backend binary at $backend"
    mkdir -p "$DIR"/{logs,pids,nginx,data}
    touch "$DIR/$MARKER"
    printf '%s\n' "$backend" >"$DIR/backend.path"
    trap 'log "up failed; stopping what started"; down >/dev/null 2>&1 || true' ERR
    services_env="$(RELAY_SERVICES_DIR="$DIR/services" RELAY_SERVICES_WEED=cluster bash scripts/services.sh start | tail -1)"
    # shellcheck disable=SC1090
    source "$services_env"
    lb_port="$(free_port)"
    umask 077
    {
        echo "# Written by scripts/fleet.sh up at $(date -u +%FT%TZ)"
        # The caller's own RELAY_* settings (rate limits, leases, ...) first; the fleet's below win.
        while IFS='=' read -r name value; do
            case "$name" in
                RELAY_FLEET_*|RELAY_SERVICES_*|RELAY_TEST_*|RELAY_BACKEND_BIN|RELAY_CONFIG) ;;
                RELAY_*) printf '%s=%q\n' "$name" "$value" ;;
            esac
        done < <(env | grep '^RELAY_' || true)
        printf 'RELAY_FLEET_DIR=%q\n' "$DIR"
        printf 'RELAY_FLEET_URL=%q\n' "http://127.0.0.1:$lb_port"
        printf 'RELAY_FLEET_SERVICES_ENV=%q\n' "$services_env"
        printf 'RELAY_DATABASE_URL=%q\n' "$RELAY_TEST_POSTGRES_URL"
        printf 'RELAY_DATA_DIR=%q\n' "$DIR/data"
        printf 'RELAY_PUBLIC_URL=%q\n' "http://127.0.0.1:$lb_port"
        printf 'RELAY_BLOB_STORE=s3\n'
        printf 'RELAY_S3_ENDPOINT=%q\n' "$RELAY_TEST_S3_ENDPOINT"
        printf 'RELAY_S3_REGION=%q\n' "$RELAY_TEST_S3_REGION"
        printf 'RELAY_S3_BUCKET=%q\n' "$RELAY_TEST_S3_BUCKET"
        printf 'RELAY_S3_ACCESS_KEY_ID=%q\n' "$RELAY_TEST_S3_ACCESS_KEY"
        printf 'RELAY_S3_SECRET_ACCESS_KEY=%q\n' "$RELAY_TEST_S3_SECRET_KEY"
        printf 'RELAY_LOG_LEVEL=%q\n' "${RELAY_LOG_LEVEL:-info}"
        # nginx is the API processes' only peer: per-IP limits key by the client it names.
        printf 'RELAY_TRUSTED_PROXIES=127.0.0.1\n'
    } >"$DIR/fleet.env"
    umask 022
    # shellcheck disable=SC1091
    (set -a; source "$DIR/fleet.env"; set +a; "$backend" migrate >>"$DIR/logs/migrate.log" 2>&1)

    # The first API process creates the signing key; the others start once it answers.
    for i in $(seq 1 "$api"); do
        port="$(free_port)"
        printf '%s\n' "$port" >"$DIR/pids/serve-$i.port"
        start_process "serve-$i"
        if [ "$i" = 1 ]; then wait_health "http://127.0.0.1:$port/v1/health" || die "serve-1 did not come up (logs/serve-1.log)"; fi
    done
    for i in $(seq 2 "$api"); do
        wait_health "http://127.0.0.1:$(cat "$DIR/pids/serve-$i.port")/v1/health" || die "serve-$i did not come up"
    done
    for i in $(seq 1 "$workers"); do start_process "worker-$i"; done

    # nginx in front: round-robin, WebSocket upgrade, bodies streamed both ways, no size cap of its own
    # (the backend enforces its limits); a refused connection is retried on the next server.
    {
        [ "$(id -u)" = 0 ] && echo "user root root;"
        cat <<NGINX
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
    # WebSocket upgrades go to a group without pooled connections: the server upgrades only on a
    # connection's first request (a pooled one answers 307 "open a new connection", which clients do not
    # follow). Plain requests reuse pooled connections.
    map \$http_upgrade \$relay_upstream { default relay_api_ws; '' relay_api; }
    upstream relay_api {
$(for i in $(seq 1 "$api"); do printf '        server 127.0.0.1:%s max_fails=0;\n' "$(cat "$DIR/pids/serve-$i.port")"; done)
        keepalive 64;
    }
    upstream relay_api_ws {
$(for i in $(seq 1 "$api"); do printf '        server 127.0.0.1:%s max_fails=0;\n' "$(cat "$DIR/pids/serve-$i.port")"; done)
    }
    server {
        listen 127.0.0.1:$lb_port;
        client_max_body_size 0;
        proxy_request_buffering off;
        proxy_buffering off;
        proxy_read_timeout 3600s;
        proxy_send_timeout 3600s;
        location / {
            proxy_pass http://\$relay_upstream;
            proxy_http_version 1.1;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_next_upstream error timeout;
        }
    }
}
NGINX
    } >"$DIR/nginx/nginx.conf"
    nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -t >>"$DIR/logs/nginx-error.log" 2>&1 || die "nginx refused its configuration (logs/nginx-error.log)"
    nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -g 'daemon off;' </dev/null >>"$DIR/logs/nginx.log" 2>&1 &
    echo $! >"$DIR/pids/nginx.pid"
    wait_health "http://127.0.0.1:$lb_port/v1/health" || die "nginx does not reach the API (logs/nginx-error.log)"
    trap - ERR
    log "fleet up: $api API, $workers workers behind http://127.0.0.1:$lb_port (state in $DIR)"
    printf '%s\n' "$DIR/fleet.env"
}

status() {
    [ -f "$DIR/$MARKER" ] || die "no fleet in $DIR"
    local file name pid state health
    for file in "$DIR"/pids/*.pid; do
        name="$(basename "$file" .pid)"
        pid="$(cat "$file")"
        state=dead; alive "$pid" && state=alive
        health=""
        if [ -f "$DIR/pids/$name.port" ]; then
            health="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$(cat "$DIR/pids/$name.port")/v1/health" || true)"
            health=" health=$health"
        fi
        printf '%-10s pid=%-8s %s%s\n' "$name" "$pid" "$state" "$health"
    done
    # shellcheck disable=SC1091
    printf 'nginx %s -> /v1/health %s\n' "$(sed -n 's/^RELAY_FLEET_URL=//p' "$DIR/fleet.env")" \
        "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(sed -n 's/^RELAY_FLEET_URL=//p' "$DIR/fleet.env")/v1/health" || true)"
}

restart() {
    local name="$1" pid
    [ -f "$DIR/pids/$name.pid" ] || die "no process $name"
    pid="$(cat "$DIR/pids/$name.pid")"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    start_process "$name"
    log "$name restarted (pid $(cat "$DIR/pids/$name.pid"))"
}

down() {
    [ -d "$DIR" ] || { log "nothing to stop: $DIR does not exist"; return 0; }
    [ -f "$DIR/$MARKER" ] || die "$DIR was not made by scripts/fleet.sh; not touching it"
    local file pid
    for file in "$DIR"/pids/*.pid; do
        [ -f "$file" ] || continue
        pid="$(cat "$file")"
        alive "$pid" && kill -TERM "$pid" 2>/dev/null || true
    done
    for file in "$DIR"/pids/*.pid; do
        [ -f "$file" ] || continue
        pid="$(cat "$file")"
        for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    done
    if [ -d "$DIR/services" ]; then RELAY_SERVICES_DIR="$DIR/services" bash scripts/services.sh stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR"
    log "fleet down; removed $DIR"
}

# kill_volume K: SIGKILL SeaweedFS volume server K (0-2) and leave it down (its replicas serve).
kill_volume() {
    local pid
    pid="$(cat "$DIR/services/weed-volume-$1.pid" 2>/dev/null)" || die "no volume server $1"
    kill -KILL "$pid" 2>/dev/null || true
    log "volume server $1 (pid $pid) killed"
}

case "${1:-}" in
    up) shift; up "$@" ;;
    kill-volume) [ -n "${2:-}" ] || die "kill-volume K"; kill_volume "$2" ;;
    restart-postgres) RELAY_SERVICES_DIR="$DIR/services" bash scripts/services.sh restart-postgres ;;
    status) status ;;
    restart) [ -n "${2:-}" ] || die "restart NAME"; restart "$2" ;;
    down) down ;;
    *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
