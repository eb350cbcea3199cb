#!/usr/bin/env bash
# The bounded fleet run scripts/test.sh does (issue 22): `scripts/fleet.sh up` with 3 API and 2 worker
# processes on PostgreSQL + a SeaweedFS cluster behind nginx, IMAGES photos ingested through nginx as
# a studio sends them, and RECORDINGS multi-camera recordings (presigned multipart), while one worker and
# one API process are killed with SIGKILL and restarted; then every image must be processed and every
# recording ingested exactly once with no multipart upload left open (scripts/lib/fleet_ingest.py), a
# per-IP limit must hold at 3 x its per-process value across the API processes, and the fleet goes down.
#   bash scripts/fleet-smoke.sh [IMAGES] [RECORDINGS]   (default 60 4; RELAY_BACKEND_BIN picks the binary)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
IMAGES="${1:-60}"
RECORDINGS="${2:-4}"
export RELAY_FLEET_DIR="${RELAY_FLEET_DIR:-$(mktemp -u /tmp/relay-fleet-smoke.XXXXXX)}"
WORK="$(mktemp -d /tmp/relay-fleet-work.XXXXXX)"
cleanup() { bash scripts/fleet.sh down >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
# A killed worker's job is claimed again once its lease runs out; rate limits are per process.
# Enrollment is limited to 10 per client IP per process: with 3 API processes behind round-robin the
# fleet admits 30 (README, "Running at scale": a limit is divided among the API processes).
export RELAY_WORKER_LEASE_SECONDS=5 RELAY_RATE_LIMIT_DEFAULT=0 RELAY_RATE_LIMIT_PRESIGN=0 RELAY_RATE_LIMIT_EVENTS=0 \
    RELAY_RATE_LIMIT_AUTH_DEVICE=10 RELAY_LOG_LEVEL=warning
ENV_FILE="$(bash scripts/fleet.sh up 3 2 | tail -1)"
set -a; source "$ENV_FILE"; set +a
BACKEND="$(cat "$RELAY_FLEET_DIR/backend.path")"
ORG="$("$BACKEND" admin create-org --name "Fleet Smoke" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
SITE="$("$BACKEND" admin create-site --org "$ORG" --name Studio | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$WORK/password"
"$BACKEND" admin create-user --org "$ORG" --email fleet@relay.test --name Fleet --role admin --password-stdin <"$WORK/password" >/dev/null
mkdir -p "$WORK/photos"
ffmpeg -v error -f lavfi -i "testsrc2=size=1600x1200:rate=5" -frames:v "$IMAGES" -q:v 4 "$WORK/photos/IMG_%04d.jpg"
bash scripts/lib/make-recordings.sh "$WORK/recordings" "$RECORDINGS" 6 320x240
python3 scripts/lib/fleet_ingest.py "$ENV_FILE" fleet@relay.test "$WORK/password" "$SITE" "$WORK/photos" \
    --kill worker-1@0.3 --kill serve-2@0.6 --recordings "$WORK/recordings"
bash scripts/fleet.sh status
# 40 enrollment attempts from one client through nginx: 30 answered (400, no such org), 10 limited.
python3 - "$RELAY_FLEET_URL" <<'PY'
import sys, urllib.error, urllib.request
counts = {}
for _ in range(40):
    request = urllib.request.Request(sys.argv[1] + "/v1/auth/device", b'{"org_id":"x"}', {"Content-Type": "application/json"})
    try:
        status = urllib.request.urlopen(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    counts[status] = counts.get(status, 0) + 1
print(f"rate limit across 3 API processes (10 per process, per client IP): 40 attempts -> {dict(sorted(counts.items()))}")
sys.exit(0 if counts == {400: 30, 429: 10} else 1)
PY
