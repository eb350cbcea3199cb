#!/usr/bin/env bash
# The long API fuzzing run (scripts/api-fuzz.sh is the bounded one in scripts/test.sh): schemathesis
# against a live relay-backend on SQLite, device and admin tokens, every operation, all phases, once with
# rate limits off and once with the default limits on (so 429 answers and their headers are checked).
# Prints the figures of each run (operations, cases, requests served, failures by kind, time).
#
#   bash Benchmarks/api-fuzz.sh [MAX_EXAMPLES] [SECONDS_PER_RUN]     # defaults 100 and 900
#
# Env: RELAY_BACKEND_BIN (default: build .build/debug/relay-backend first), API_FUZZ_SEED,
#      API_FUZZ_REPORT_DIR (keep each run's reports and server log under DIR/rate-limits-{off,on}).
# Exits non-zero if either run found anything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MAX_EXAMPLES="${1:-100}"
SECONDS_PER_RUN="${2:-900}"
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
bash scripts/install-deps.sh >/dev/null
if [ -z "${RELAY_BACKEND_BIN:-}" ]; then
    swift build --product relay-backend >&2
    export RELAY_BACKEND_BIN="$(swift build --show-bin-path)/relay-backend"
fi
SEED="${API_FUZZ_SEED:-$(python3 -c 'import secrets; print(secrets.randbelow(2**31))')}"

declare -A RESULT
status=0
for limits in off on; do
    out="$(mktemp /tmp/relay-api-fuzz-bench.XXXXXX.log)"
    start=$SECONDS
    set +e
    if [ -n "${API_FUZZ_REPORT_DIR:-}" ]; then
        API_FUZZ_REPORT_DIR="$API_FUZZ_REPORT_DIR/rate-limits-$limits" bash scripts/api-fuzz.sh --max-examples "$MAX_EXAMPLES" \
            --rate-limits "$limits" --time-limit "$SECONDS_PER_RUN" --seed "$SEED" 2>&1 | tee "$out"
    else
        bash scripts/api-fuzz.sh --max-examples "$MAX_EXAMPLES" --rate-limits "$limits" --time-limit "$SECONDS_PER_RUN" \
            --seed "$SEED" 2>&1 | tee "$out"
    fi
    rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" -eq 0 ] || status=1
    RESULT[$limits]="$(grep -E '^\[api-fuzz\] ((device|admin|total):|  )' "$out" || true)
[api-fuzz] exit $rc after $((SECONDS - start)) s"
    rm -f "$out"
done

echo
echo "===== API fuzzing: schemathesis $(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))'), $MAX_EXAMPLES examples per operation, up to ${SECONDS_PER_RUN} s per run, seed $SEED ====="
for limits in off on; do
    echo "--- rate limits $limits"
    printf '%s\n' "${RESULT[$limits]}"
done
exit "$status"
