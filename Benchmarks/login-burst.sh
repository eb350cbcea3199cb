#!/usr/bin/env bash
# Does a burst of password logins stall health checks? (Release build, loopback, well under a minute.)
#
# One relay-backend binary, started twice on a throwaway SQLite data dir:
#   pool      scrypt on its own threads (OffCooperativePool; the default)
#   detached  scrypt on detached tasks, i.e. on Swift's cooperative threads (the behaviour before the
#             pool), via the benchmark-only RELAY_BENCHMARK_SCRYPT_ON_DETACHED_TASK=1
# Each time `relay-bench login-burst` probes GET /v1/health one request at a time, first idle for a
# second, then while LOGINS logins (N = 2^15 scrypt each) run CONCURRENCY at a time. Prints both runs'
# lines and the detached/pool ratios of health p50/p99/max during the burst, and of logins/s.
#
#   bash Benchmarks/login-burst.sh [LOGINS] [CONCURRENCY]      (default 32 16)
#   RELAY_BENCH_DEBUG=1 ...   use the debug build instead (much slower scrypt; for a quick look only)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
LOGINS="${1:-32}"
CONCURRENCY="${2:-16}"
CONFIG=release
[ "${RELAY_BENCH_DEBUG:-0}" = 1 ] && CONFIG=debug
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
swift build -c "$CONFIG" --product relay-backend >&2
swift build -c "$CONFIG" --product relay-bench >&2
BIN_DIR="$(swift build -c "$CONFIG" --show-bin-path)"
BACKEND="$BIN_DIR/relay-backend"
BENCH="$BIN_DIR/relay-bench"

WORK="$(mktemp -d /tmp/relay-login-burst.XXXXXX)"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"

# The server reads its configuration from the environment only; every limit that would refuse a login
# burst from one IP to one account is off.
unset RELAY_CONFIG RELAY_DATABASE_URL RELAY_BLOB_STORE RELAY_PUBLIC_URL
export RELAY_DATA_DIR="$WORK/data" RELAY_LOG_LEVEL=warning RELAY_RATE_LIMIT_AUTH_USER=0 RELAY_RATE_LIMIT_ACCOUNT=0 \
    RELAY_RATE_LIMIT_DEFAULT=0
EMAIL=burst@relay.test
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$WORK/password"
"$BACKEND" migrate >/dev/null
ORG="$("$BACKEND" admin create-org --name "Login Burst" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
"$BACKEND" admin create-user --org "$ORG" --email "$EMAIL" --name Burst --role operator --password-stdin <"$WORK/password" >/dev/null

# run LABEL [ENV=VALUE...]: serve with the extra environment, run the burst, stop the server.
run() {
    local label="$1"; shift
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    env "$@" "$BACKEND" serve --host 127.0.0.1 --port "$port" --worker none >"$WORK/server-$label.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 200); do curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/v1/health" && break; sleep 0.05; done
    timeout 90 "$BENCH" login-burst --base "http://127.0.0.1:$port" --email "$EMAIL" --password-file "$WORK/password" \
        --logins "$LOGINS" --concurrency "$CONCURRENCY" --label "$label" | tee -a "$WORK/results"
    stop_server
}
run pool
run detached RELAY_BENCHMARK_SCRYPT_ON_DETACHED_TASK=1

python3 - "$WORK/results" "$CONFIG" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    fields = dict(part.split("=", 1) for part in line.split())
    rows[fields["label"]] = {k: (float(v) if k != "label" else v) for k, v in fields.items()}
pool, detached = rows["pool"], rows["detached"]
print(f"{sys.argv[2]} build, {int(pool['logins'])} logins, {int(pool['concurrency'])} at a time:")
print(f"{'':22}{'pool':>10}{'detached':>10}{'detached/pool':>15}")
for key, name in [("health_p50_ms", "health p50 (ms)"), ("health_p99_ms", "health p99 (ms)"), ("health_max_ms", "health max (ms)"),
                  ("idle_p50_ms", "idle health p50 (ms)"), ("logins_per_s", "logins/s"), ("probes", "probes answered")]:
    ratio = detached[key] / pool[key] if pool[key] else float("inf")
    print(f"{name:22}{pool[key]:>10.2f}{detached[key]:>10.2f}{ratio:>14.1f}x")
PY
