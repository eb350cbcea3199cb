#!/usr/bin/env bash
# API fuzzing of a live relay-backend with schemathesis, against the OpenAPI document it serves.
#
#   scripts/api-fuzz.sh [--max-examples N] [--rate-limits on|off] [--time-limit S] [--seed N]
#
#   --max-examples N    cases per operation and phase (default 15)
#   --rate-limits on|off  off (default): every RELAY_RATE_LIMIT_* is 0, so the checks see the real
#                       answers; on: the default limits, so 429s (and their headers) are checked too
#   --time-limit S      wall-clock budget in seconds for both passes together (default 170); each pass
#                       gets its share as schemathesis --max-time, which also repeats fuzzing and
#                       stateful runs until the share is spent; 0 = bounded by examples only
#   --seed N            schemathesis seed (default: random, printed)
#
# Env: RELAY_BACKEND_BIN (default .build/debug/relay-backend)
#      API_FUZZ_REQUEST_TIMEOUT  seconds one request may take (default 10; longer is a failure, a hang)
#      API_FUZZ_WORKERS          schemathesis workers (default 1: with more it trips over a CPython 3.11
#                                ast race and reports "Runtime Error"s of its own)
#      API_FUZZ_REPORT_DIR       keep each pass's log and JSON report, the server log and /metrics there
#      API_FUZZ_SCHEMA=FILE      fuzz against FILE instead of the served document (to try document edits
#                                without a rebuild: the binary serves the copy bundled when it was built)
#      API_FUZZ_EXTRA_ARGS       more `schemathesis run` options, e.g. "--include-operation-id createSession"
#      API_FUZZ_PASSES           default "device admin"
#
# What it does: a throwaway data dir and a free loopback port; `relay-backend migrate` and the admin CLI
# make an org, a site, an admin (password via stdin) and an enrollment key; `relay-backend serve` on
# 127.0.0.1 (SQLite, local blobs, in-process worker, registration open to the org, an OIDC provider known
# only by a JWKS file); the admin logs in and a device (a fresh Ed25519 key) enrolls. Then schemathesis
# runs every operation of http://127.0.0.1:P/v1/openapi.yaml (but the seed-base-path aliases of /v1 operations,
# tag seed-base-paths: same handlers, fuzzed once under /v1) twice — with the device's token, then with
# the admin's (the admin pass may revoke the device) — in all phases (examples, coverage, fuzzing with
# positive and negative data, stateful through the document's links) with every check but
# object_level_authorization and max_response_time, and positive_data_acceptance as refined in
# scripts/api_fuzz_hooks.py (refusals that depend on server state). Configuration: scripts/api_fuzz.py.
# Prints a summary (operations, cases, requests served, failures by kind) and exits non-zero on any
# failure, schemathesis error, incomplete run or server crash. The server and the temp dir are removed
# on exit.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

MAX_EXAMPLES=15
RATE_LIMITS=off
TIME_LIMIT=170
SEED=""
while [ $# -gt 0 ]; do
    case "$1" in
        --max-examples) MAX_EXAMPLES="$2"; shift 2 ;;
        --rate-limits) RATE_LIMITS="$2"; shift 2 ;;
        --time-limit) TIME_LIMIT="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "api-fuzz: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done
case "$RATE_LIMITS" in on|off) ;; *) echo "api-fuzz: --rate-limits on|off" >&2; exit 64 ;; esac
[[ "$MAX_EXAMPLES" =~ ^[1-9][0-9]*$ ]] || { echo "api-fuzz: --max-examples must be a positive integer" >&2; exit 64; }
[[ "$TIME_LIMIT" =~ ^[0-9]+$ ]] || { echo "api-fuzz: --time-limit must be seconds" >&2; exit 64; }
[ -z "$SEED" ] || [[ "$SEED" =~ ^[0-9]+$ ]] || { echo "api-fuzz: --seed must be an integer" >&2; exit 64; }

log() { printf '[api-fuzz] %s\n' "$*" >&2; }
die() { printf '[api-fuzz] ERROR: %s\n' "$*" >&2; exit 1; }

BIN="${RELAY_BACKEND_BIN:-.build/debug/relay-backend}"
[ -x "$BIN" ] || die "relay-backend binary not found at $BIN (build it, or set RELAY_BACKEND_BIN)"
# As a module of the python3 that has it, so PATH (pip --user, pyenv shims) does not matter.
SCHEMATHESIS=(python3 -m schemathesis.cli)
"${SCHEMATHESIS[@]}" --version >/dev/null 2>&1 || die "schemathesis is not installed (bash scripts/install-deps.sh)"
REQUEST_TIMEOUT="${API_FUZZ_REQUEST_TIMEOUT:-10}"
WORKERS="${API_FUZZ_WORKERS:-1}"
[ -n "$SEED" ] || SEED="$(python3 -c 'import secrets; print(secrets.randbelow(2**31))')"

WORK="$(mktemp -d /tmp/relay-api-fuzz.XXXXXX)"
SERVER_PID=""
STARTED=$SECONDS
IDP_PID=""
cleanup() {
    local rc=$?
    if [ -n "$IDP_PID" ]; then kill "$IDP_PID" 2>/dev/null || true; wait "$IDP_PID" 2>/dev/null || true; fi
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ -n "${API_FUZZ_REPORT_DIR:-}" ]; then
        mkdir -p "$API_FUZZ_REPORT_DIR"
        cp -r "$WORK/reports/." "$API_FUZZ_REPORT_DIR/" 2>/dev/null || true
        cp "$WORK/server.log" "$API_FUZZ_REPORT_DIR/server.log" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DATA="$WORK/data"
REPORTS="$WORK/reports"
mkdir -p "$DATA" "$REPORTS"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"

# No bytecode caches next to the helpers in the repository.
export PYTHONDONTWRITEBYTECODE=1
# Every request here goes to loopback: never through a proxy the environment may name.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"

# The server's configuration: environment only, so nothing outside $WORK is read.
export RELAY_LOG_LEVEL=warning
export RELAY_DATA_DIR="$DATA"
unset RELAY_CONFIG RELAY_DATABASE_URL RELAY_BLOB_STORE RELAY_PUBLIC_URL
if [ "$RATE_LIMITS" = off ]; then
    export RELAY_RATE_LIMIT_AUTH_DEVICE=0 RELAY_RATE_LIMIT_AUTH_USER=0 RELAY_RATE_LIMIT_ACCOUNT=0 \
        RELAY_RATE_LIMIT_PRESIGN=0 RELAY_RATE_LIMIT_EVENTS=0 RELAY_RATE_LIMIT_DEFAULT=0
else
    unset RELAY_RATE_LIMIT_AUTH_DEVICE RELAY_RATE_LIMIT_AUTH_USER RELAY_RATE_LIMIT_ACCOUNT \
        RELAY_RATE_LIMIT_PRESIGN RELAY_RATE_LIMIT_EVENTS RELAY_RATE_LIMIT_DEFAULT
fi
# Fuzzed uploads are junk: keep them small and the worker to one job at a time.
export RELAY_VIDEO_MAX_BYTES=$((8 * 1024 * 1024)) RELAY_WORKER_CONCURRENCY=1

# last_line CMD...: the last non-empty stdout line of CMD (the id the admin CLI prints).
last_line() {
    local out
    out="$("$@")" || return 1
    printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]'
}

log "relay-backend: $BIN; data: $DATA; rate limits: $RATE_LIMITS; $MAX_EXAMPLES examples; time limit: ${TIME_LIMIT}s; seed $SEED"
"$BIN" migrate >/dev/null
ORG_ID="$(last_line "$BIN" admin create-org --name "API Fuzz Org")" || die "create-org failed"
SITE_ID="$(last_line "$BIN" admin create-site --org "$ORG_ID" --name "API Fuzz Site")" || die "create-site failed"
ADMIN_EMAIL="fuzz-admin@relay.test"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$WORK/admin-password"
chmod 600 "$WORK/admin-password"
last_line "$BIN" admin create-user --org "$ORG_ID" --email "$ADMIN_EMAIL" --name "Fuzz Admin" --role admin \
    --password-stdin <"$WORK/admin-password" >/dev/null || die "create-user failed"
KEY_OUT="$("$BIN" admin create-enrollment-key --org "$ORG_ID" --site "$SITE_ID" --uses 5 --expires-in-days 1)" \
    || die "create-enrollment-key failed"
ENROLLMENT_KEY="$(printf '%s\n' "$KEY_OUT" | sed -n 's/^key:[[:space:]]*//p' | tail -n 1)"
[ -n "$ENROLLMENT_KEY" ] || die "create-enrollment-key printed no key"

# Registration open to the org and an OIDC provider (a JWKS file), so those paths answer as configured.
# The reviewer app's "Sign in with …" is on too: the provider's discovery document is a static file on a
# loopback HTTP server, enough for /v1/web/oidc/start to redirect (the whole flow against a real provider
# is Tests/browser/oidc_test.py).
python3 scripts/api_fuzz.py jwks --out "$WORK/oidc-jwks.json"
IDP_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$WORK/idp/.well-known"
printf '{"issuer":"https://idp.relay.test","authorization_endpoint":"http://127.0.0.1:%s/authorize","token_endpoint":"http://127.0.0.1:%s/token"}\n' \
    "$IDP_PORT" "$IDP_PORT" >"$WORK/idp/.well-known/openid-configuration"
python3 -m http.server "$IDP_PORT" --bind 127.0.0.1 --directory "$WORK/idp" >"$WORK/idp.log" 2>&1 &
IDP_PID=$!
RELAY_REGISTRATION_ORG_ID="$ORG_ID" RELAY_OIDC_ISSUER="https://idp.relay.test" RELAY_OIDC_ORG_IDS="$ORG_ID" RELAY_OIDC_AUDIENCE="relay-api-fuzz" \
    RELAY_OIDC_JWKS_FILE="$WORK/oidc-jwks.json" RELAY_OIDC_WEB_SIGN_IN=true \
    RELAY_OIDC_DISCOVERY_URL="http://127.0.0.1:$IDP_PORT/.well-known/openid-configuration" \
    "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fsS -o /dev/null --max-time 2 "$BASE/v1/health" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "relay-backend serve exited"; }
    sleep 0.2
done
curl -fsS -o /dev/null --max-time 2 "$BASE/v1/health" || die "relay-backend did not answer on $BASE"
log "serving on $BASE (pid $SERVER_PID)"

eval "$(python3 scripts/api_fuzz.py tokens --base "$BASE" --org "$ORG_ID" --email "$ADMIN_EMAIL" \
    --password-file "$WORK/admin-password" --enrollment-key "$ENROLLMENT_KEY")"
[ -n "${ADMIN_TOKEN:-}" ] && [ -n "${DEVICE_TOKEN:-}" ] || die "could not get the admin and device tokens"
log "admin logged in; device $DEVICE_ID enrolled"

python3 scripts/api_fuzz.py config --out "$WORK/schemathesis.toml" --request-timeout "$REQUEST_TIMEOUT"
curl -fsS --max-time 10 "$BASE/metrics" >"$WORK/metrics-before.txt" || true
SCHEMA_LOCATION="$BASE/v1/openapi.yaml"
curl -fsS --max-time 10 -o "$WORK/served-openapi.yaml" "$SCHEMA_LOCATION" || die "GET /v1/openapi.yaml failed"
if [ -n "${API_FUZZ_SCHEMA:-}" ]; then
    SCHEMA_LOCATION="$(cd "$(dirname "$API_FUZZ_SCHEMA")" && pwd)/$(basename "$API_FUZZ_SCHEMA")"
    log "fuzzing against $SCHEMA_LOCATION (API_FUZZ_SCHEMA), not the served document"
elif ! cmp -s "$WORK/served-openapi.yaml" Backend/BackendApp/Resources/openapi.yaml; then
    log "WARNING: the served document differs from Backend/BackendApp/Resources/openapi.yaml (a binary built before the last edit?)"
fi

# run_pass LABEL TOKEN SHARE_SECONDS
run_pass() {
    local label="$1" token="$2" share="$3" rc=0 guard
    local args=(run "$SCHEMA_LOCATION" --url "$BASE" --max-examples "$MAX_EXAMPLES" --seed "$SEED"
        --workers "$WORKERS" --mode all --phases examples,coverage,fuzzing,stateful
        --report json --report-json-path "$REPORTS/$label.json" --report-dir "$REPORTS"
        --no-color --wait-for-schema 30)
    # shellcheck disable=SC2206
    [ -z "${API_FUZZ_EXTRA_ARGS:-}" ] || args+=(${API_FUZZ_EXTRA_ARGS})
    # Hard stop a little after the share (a run may overshoot by the request in flight and its report).
    guard=0
    if [ "$share" -gt 0 ]; then args+=(--max-time "$share"); guard=$((share + 60 + 2 * ${REQUEST_TIMEOUT%.*})); fi
    log "pass $label: schemathesis ${args[*]:2}"
    set +e
    if [ "$guard" -gt 0 ]; then
        RELAY_FUZZ_TOKEN="$token" timeout --signal=INT --kill-after=15 "$guard" \
            "${SCHEMATHESIS[@]}" --config-file "$WORK/schemathesis.toml" "${args[@]}" >"$REPORTS/$label.log" 2>&1
    else
        RELAY_FUZZ_TOKEN="$token" "${SCHEMATHESIS[@]}" --config-file "$WORK/schemathesis.toml" "${args[@]}" >"$REPORTS/$label.log" 2>&1
    fi
    rc=$?
    set -e
    # The run's own output from its errors and failures (each with the answer and a curl reproduction; schema dumps
    # left out) to its summary; just the summary when nothing failed.
    if grep -qE '^=+ (ERRORS|FAILURES) =+$' "$REPORTS/$label.log"; then
        awk '/^=+ (ERRORS|FAILURES) =+$/ { on = 1 } on && !/^ {12,}/ && n < 4000 { print; n++ }' "$REPORTS/$label.log"
    else
        awk '/^=+ SUMMARY =+$/ { on = 1 } on' "$REPORTS/$label.log"
    fi
    log "pass $label: schemathesis exit $rc"
    return 0
}

if [ "$TIME_LIMIT" -gt 0 ]; then
    # The admin reaches more operations and deeper states than the device: it gets the larger share.
    DEVICE_SHARE=$((TIME_LIMIT * 2 / 5)); ADMIN_SHARE=$((TIME_LIMIT - DEVICE_SHARE))
else
    DEVICE_SHARE=0; ADMIN_SHARE=0
fi
PASSES="${API_FUZZ_PASSES:-device admin}"
REPORT_ARGS=()
for pass in $PASSES; do
    case "$pass" in
        device) run_pass device "$DEVICE_TOKEN" "$DEVICE_SHARE" ;;
        admin) run_pass admin "$ADMIN_TOKEN" "$ADMIN_SHARE" ;;
        *) die "unknown pass $pass (device, admin)" ;;
    esac
    REPORT_ARGS+=("$pass=$REPORTS/$pass.json")
done

curl -fsS --max-time 10 "$BASE/metrics" >"$WORK/metrics-after.txt" || true
cp "$WORK/metrics-after.txt" "$REPORTS/metrics.txt" 2>/dev/null || true
SERVER_DIED=0
if ! kill -0 "$SERVER_PID" 2>/dev/null || ! curl -fsS -o /dev/null --max-time 5 "$BASE/v1/health"; then
    SERVER_DIED=1
    log "ERROR: relay-backend died (or stopped answering) during the run; its log says:"
    grep -m 1 -B 2 -A 40 -E 'Fatal error|Program crashed|panic' "$WORK/server.log" | cut -c1-300 >&2 || tail -n 40 "$WORK/server.log" >&2
    log "the requests before it went away are in the failing pass's output above (\"Server Unavailable\")"
fi
# Errors the server logged, other than jobs failing on the junk the fuzzer uploads (500s log "unhandled error").
if grep -E 'level=(error|critical)' "$WORK/server.log" | grep -qv 'msg="job failed"'; then
    log "server log errors (first 20):"
    grep -E 'level=(error|critical)' "$WORK/server.log" | grep -v 'msg="job failed"' | awk 'n++ < 20' >&2
fi

set +e
python3 scripts/api_fuzz.py summary --metrics-before "$WORK/metrics-before.txt" --metrics-after "$WORK/metrics-after.txt" \
    "${REPORT_ARGS[@]}"
verdict=$?
set -e
log "rate limits $RATE_LIMITS, $MAX_EXAMPLES examples, seed $SEED, $((SECONDS - STARTED)) s in all"
if [ "$verdict" -ne 0 ] || [ "$SERVER_DIED" -ne 0 ]; then
    log "FAILED (rerun with --seed $SEED to reproduce; API_FUZZ_REPORT_DIR=DIR keeps the logs)"
    exit 1
fi
log "passed"
