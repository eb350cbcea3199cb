#!/usr/bin/env bash
# API load on one box (issue 22), route by route as studios and reviewers call them (Benchmarks/lib/
# route.lua): POST /v1/presign with a fresh content_sha256 each request (a new image row), POST
# /v1/events with a batch of 10 events, GET /v1/sessions/{id} and POST /v1/sessions — every request
# verifying an ES256 token — with wrk at rising concurrency, on SQLite and on PostgreSQL, against a
# Hummingbird hello-world POST served by the same box in the same run (`relay-bench hello`, the
# ceiling). Release builds, loopback only, rate limits off. Prints one row per route, database and
# concurrency: requests/s, p50/p99 ms, non-2xx and socket errors, and requests/s as a share of
# hello-world's at the same concurrency (goal for presign: >= 15 % with p99 < 10 ms).
#
#   bash Benchmarks/load.sh [SECONDS] [CONNECTIONS...]      (default 10 s at 16 64 connections)
#   LOAD_DATABASES="sqlite postgres"                         (default both; postgres from scripts/services.sh)
#   LOAD_ROUTES="presign events session-get session-create"   (default all four)
#   LOAD_PERF=1                                              also record a perf profile of the backend
#                                                            at the highest concurrency and print its top
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
SECONDS_PER_RUN="${1:-10}"
shift || true
CONNECTIONS=("$@")
[ "${#CONNECTIONS[@]}" -gt 0 ] || CONNECTIONS=(16 64)
DATABASES="${LOAD_DATABASES:-sqlite postgres}"
ROUTES="${LOAD_ROUTES:-presign events session-get session-create}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
if ! command -v wrk >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends wrk >/dev/null
fi
swift build -c release --product relay-backend >&2
swift build -c release --product relay-bench >&2
BIN_DIR="$(swift build -c release --show-bin-path)"
BACKEND="$BIN_DIR/relay-backend"
BENCH="$BIN_DIR/relay-bench"

WORK="$(mktemp -d /tmp/relay-load.XXXXXX)"
PIDS=()
SERVICES_ENV=""
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [ -n "$SERVICES_ENV" ]; then (source "$SERVICES_ENV"; bash scripts/services.sh stop >/dev/null 2>&1) || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 300); do curl -s -o /dev/null --max-time 1 "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }
# run_wrk LABEL CONNECTIONS SCRIPT URL: one wrk run (2 threads: wrk shares the box's 2 cores with the server).
run_wrk() {
    local line
    line="$(wrk -t2 -c"$2" -d"${SECONDS_PER_RUN}s" --latency -s "$3" "$4" 2>>"$WORK/wrk-errors.log" | grep '^RESULT')"
    echo "$1 connections=$2 ${line#RESULT }" | tee -a "$WORK/results"
}

# The ceiling.
HELLO_PORT="$(free_port)"
"$BENCH" hello --port "$HELLO_PORT" >"$WORK/hello.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$HELLO_PORT/"
for c in "${CONNECTIONS[@]}"; do run_wrk hello "$c" Benchmarks/lib/hello.lua "http://127.0.0.1:$HELLO_PORT/hello"; done
kill -TERM "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'

# The server reads its configuration from the environment only; every rate limit is off.
unset RELAY_CONFIG RELAY_DATABASE_URL RELAY_BLOB_STORE RELAY_PUBLIC_URL
export RELAY_LOG_LEVEL=warning RELAY_RATE_LIMIT_AUTH_USER=0 RELAY_RATE_LIMIT_ACCOUNT=0 RELAY_RATE_LIMIT_DEFAULT=0 \
    RELAY_RATE_LIMIT_PRESIGN=0 RELAY_RATE_LIMIT_EVENTS=0 RELAY_RATE_LIMIT_AUTH_DEVICE=0
for database in $DATABASES; do
    export RELAY_DATA_DIR="$WORK/data-$database"
    if [ "$database" = postgres ]; then
        if [ -z "$SERVICES_ENV" ]; then SERVICES_ENV="$(RELAY_SERVICES_DIR="$WORK/services" bash scripts/services.sh start | tail -1)"; fi
        # shellcheck disable=SC1090
        source "$SERVICES_ENV"
        export RELAY_DATABASE_URL="$RELAY_TEST_POSTGRES_URL"
    else
        unset RELAY_DATABASE_URL
    fi
    "$BACKEND" migrate >/dev/null
    ORG="$("$BACKEND" admin create-org --name "Load $database $$" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
    SITE="$("$BACKEND" admin create-site --org "$ORG" --name "Studio" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
    EMAIL="load-$database-$$@relay.test"
    python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$WORK/password"
    "$BACKEND" admin create-user --org "$ORG" --email "$EMAIL" --name Load --role admin --password-stdin <"$WORK/password" >/dev/null
    PORT="$(free_port)"
    "$BACKEND" serve --host 127.0.0.1 --port "$PORT" --worker none >"$WORK/server-$database.log" 2>&1 &
    PIDS+=($!)
    SERVER_PID=$!
    wait_http "http://127.0.0.1:$PORT/v1/health"
    BASE="http://127.0.0.1:$PORT"
    RELAY_TOKEN="$(python3 - "$BASE" "$EMAIL" "$WORK/password" <<'PY'
import json, sys, urllib.request
base, email, password = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().strip()
req = urllib.request.Request(base + "/v1/auth/login", json.dumps({"email": email, "password": password}).encode(),
                             {"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req))["access_token"])
PY
)"
    RELAY_SESSION="$(python3 - "$BASE" "$RELAY_TOKEN" "$SITE" <<'PY'
import json, sys, urllib.request
base, token, site = sys.argv[1:4]
body = {"site_id": site, "vehicle": {"stock": "LOAD-1"}, "mode": "stills"}
req = urllib.request.Request(base + "/v1/sessions", json.dumps(body).encode(),
                             {"Content-Type": "application/json", "Authorization": "Bearer " + token})
print(json.load(urllib.request.urlopen(req))["id"])
PY
)"
    export RELAY_TOKEN RELAY_SESSION RELAY_SITE="$SITE"
    # A short warm-up (connection pools, first statements prepared), not counted.
    SECONDS_PER_RUN_SAVED="$SECONDS_PER_RUN"; SECONDS_PER_RUN=2
    RELAY_ROUTE=presign run_wrk "warmup-$database" 16 Benchmarks/lib/route.lua "$BASE" >/dev/null
    SECONDS_PER_RUN="$SECONDS_PER_RUN_SAVED"
    for route in $ROUTES; do
        export RELAY_ROUTE="$route"
        for c in "${CONNECTIONS[@]}"; do
            if [ "${LOAD_PERF:-0}" = 1 ] && [ "$route" = presign ] && [ "$c" = "${CONNECTIONS[-1]}" ] && command -v perf >/dev/null 2>&1; then
                perf record -q -F 999 -p "$SERVER_PID" -o "$WORK/perf-$database.data" -- sleep "$SECONDS_PER_RUN" >/dev/null 2>&1 &
                PERF_PID=$!
                run_wrk "$route-$database" "$c" Benchmarks/lib/route.lua "$BASE"
                wait "$PERF_PID" || true
                echo "perf top (presign-$database at $c connections, self time):"
                perf report -i "$WORK/perf-$database.data" --no-children --sort symbol --stdio 2>/dev/null \
                    | grep -v '^#' | grep '%' | head -25 | cut -c1-150 || true
            else
                run_wrk "$route-$database" "$c" Benchmarks/lib/route.lua "$BASE"
            fi
        done
    done
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; unset 'PIDS[-1]'
done
if [ -s "$WORK/wrk-errors.log" ]; then echo "first unexpected answers:"; head -5 "$WORK/wrk-errors.log"; fi

python3 - "$WORK/results" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    label, rest = line.split(" ", 1)
    fields = dict(part.split("=", 1) for part in rest.split())
    rows.append((label, {k: float(v) for k, v in fields.items()}))
hello = {int(f["connections"]): f for label, f in rows if label == "hello"}
print(f"{'route':28}{'conns':>6}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-200':>9}{'sock err':>9}{'of hello':>10}  goal")
for label, f in [r for r in rows if not r[0].startswith("warmup")]:
    c = int(f["connections"])
    share = f["rps"] / hello[c]["rps"] if c in hello and hello[c]["rps"] else 0
    goal = ""
    if label.startswith("presign"):
        goal = "met" if share >= 0.15 and f["p99_ms"] < 10 and f["non200"] == 0 else "NOT met (>= 15 %, p99 < 10 ms)"
    print(f"{label:28}{c:>6}{f['rps']:>10.0f}{f['p50_ms']:>9.2f}{f['p99_ms']:>9.2f}{int(f['non200']):>9}"
          f"{int(f['socket_errors']):>9}{share * 100:>9.1f}%  {goal}")
PY
