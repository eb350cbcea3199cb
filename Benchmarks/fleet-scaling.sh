#!/usr/bin/env bash
# Images processed per minute by a fleet with 1, 2 and 4 worker processes (issue 22): for each count,
# `scripts/fleet.sh up 2 W` (release build, PostgreSQL + SeaweedFS cluster + nginx), IMAGES 12 MP JPEGs
# ingested through nginx by 8 senders at once (presign, PUT to S3, upload_complete), timed until every
# image is processed; then the fleet goes down. Each worker runs one job at a time
# (worker_concurrency 1). Prints images/min per worker count and the ratios to one worker. On a box
# with C cores the ratio is bounded by C (each worker's thumbnails take a core; the API, PostgreSQL
# and SeaweedFS share the same cores).
#   bash Benchmarks/fleet-scaling.sh [IMAGES] [WORKER_COUNTS...]      (default 200 at 1 2 4)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
IMAGES="${1:-200}"
shift || true
COUNTS=("$@")
[ "${#COUNTS[@]}" -gt 0 ] || COUNTS=(1 2 4)
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
swift build -c release --product relay-backend >&2
export RELAY_BACKEND_BIN="$(swift build -c release --show-bin-path)/relay-backend"
WORK="$(mktemp -d /tmp/relay-fleet-scaling.XXXXXX)"
export RELAY_FLEET_DIR="$WORK/fleet"
cleanup() { bash scripts/fleet.sh down >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
# One job at a time per worker process, so a worker is one core's worth of image processing.
export RELAY_RATE_LIMIT_DEFAULT=0 RELAY_RATE_LIMIT_PRESIGN=0 RELAY_RATE_LIMIT_EVENTS=0 RELAY_LOG_LEVEL=warning \
    RELAY_WORKER_CONCURRENCY=1
mkdir -p "$WORK/photos"
ffmpeg -v error -f lavfi -i "testsrc2=size=4000x3000:rate=5" -frames:v "$IMAGES" -q:v 3 "$WORK/photos/IMG_%04d.jpg"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$WORK/password"
for workers in "${COUNTS[@]}"; do
    env_file="$(bash scripts/fleet.sh up 2 "$workers" 2>/dev/null | tail -1)"
    (
        set -a; source "$env_file"; set +a
        org="$("$RELAY_BACKEND_BIN" admin create-org --name Scaling | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
        site="$("$RELAY_BACKEND_BIN" admin create-site --org "$org" --name Studio | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
        "$RELAY_BACKEND_BIN" admin create-user --org "$org" --email scaling@relay.test --name S --role admin --password-stdin \
            <"$WORK/password" >/dev/null
        python3 scripts/lib/fleet_ingest.py "$env_file" scaling@relay.test "$WORK/password" "$site" "$WORK/photos" --concurrency 8
    ) | tee "$WORK/run-$workers.txt"
    bash scripts/fleet.sh down >/dev/null 2>&1
done
python3 - "$WORK" "${COUNTS[@]}" <<'PY'
import re, sys
work, counts = sys.argv[1], sys.argv[2:]
rates = {}
for c in counts:
    text = open(f"{work}/run-{c}.txt").read()
    rates[c] = float(re.search(r"\((\d+) images/min\)", text).group(1))
base = rates[counts[0]]
print(f"{'workers':>8}{'images/min':>12}{'vs ' + counts[0]:>8}")
for c in counts:
    print(f"{c:>8}{rates[c]:>12.0f}{rates[c] / base:>7.2f}x")
PY
