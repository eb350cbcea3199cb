#!/usr/bin/env bash
# Photo and recording ingest through a fleet while things fail (issue 22): `scripts/fleet.sh up 2 2`
# (release build, PostgreSQL + SeaweedFS cluster + nginx), IMAGES photos and RECORDINGS multi-camera
# recordings (10 s, 640x360, two presigned parts each) sent by 8 senders at once through nginx; every
# CHAOS_SECONDS a random API or worker process is killed with SIGKILL and restarted, PostgreSQL is
# restarted once (at 40 % of the images sent) and one SeaweedFS volume server is killed and left down
# (at 60 %). Afterwards every image must be processed by exactly one succeeded job, with no answer
# other than 2xx and the 502/503 of a killed process or a database restart (retried, as clients do);
# every recording ingested by exactly one succeeded job, and no S3 multipart upload left open.
#   bash Benchmarks/chaos.sh [IMAGES] [CHAOS_SECONDS] [RECORDINGS]       (default 2000 3 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
IMAGES="${1:-2000}"
CHAOS_SECONDS="${2:-3}"
RECORDINGS="${3:-20}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
if [ -z "${RELAY_BACKEND_BIN:-}" ]; then
    swift build -c release --product relay-backend >&2
    export RELAY_BACKEND_BIN="$(swift build -c release --show-bin-path)/relay-backend"
fi
WORK="$(mktemp -d /tmp/relay-chaos.XXXXXX)"
export RELAY_FLEET_DIR="$WORK/fleet"
# The processes' logs are kept in /tmp/relay-chaos-logs for a look after the run.
cleanup() {
    rm -rf /tmp/relay-chaos-logs; cp -r "$RELAY_FLEET_DIR/logs" /tmp/relay-chaos-logs 2>/dev/null || true
    bash scripts/fleet.sh down >/dev/null 2>&1 || true; rm -rf "$WORK"
}
trap cleanup EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export RELAY_WORKER_LEASE_SECONDS=5 RELAY_RATE_LIMIT_DEFAULT=0 RELAY_RATE_LIMIT_PRESIGN=0 RELAY_RATE_LIMIT_EVENTS=0 \
    RELAY_LOG_LEVEL="${RELAY_LOG_LEVEL:-warning}" FLEET_PROCESS_TIMEOUT="${FLEET_PROCESS_TIMEOUT:-900}"
mkdir -p "$WORK/photos"
ffmpeg -v error -f lavfi -i "testsrc2=size=1600x1200:rate=5" -frames:v "$IMAGES" -q:v 4 "$WORK/photos/IMG_%05d.jpg"
bash scripts/lib/make-recordings.sh "$WORK/recordings" "$RECORDINGS" 10 640x360 8M
env_file="$(bash scripts/fleet.sh up 2 2 2>/dev/null | tail -1)"
set -a; source "$env_file"; set +a
org="$("$RELAY_BACKEND_BIN" admin create-org --name Chaos | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
site="$("$RELAY_BACKEND_BIN" admin create-site --org "$org" --name Studio | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$WORK/password"
"$RELAY_BACKEND_BIN" admin create-user --org "$org" --email chaos@relay.test --name C --role admin --password-stdin \
    <"$WORK/password" >/dev/null
python3 scripts/lib/fleet_ingest.py "$env_file" chaos@relay.test "$WORK/password" "$site" "$WORK/photos" \
    --concurrency 8 --chaos "$CHAOS_SECONDS" --fault restart-postgres@0.4 --fault kill-volume-1@0.6 \
    --recordings "$WORK/recordings"
# Nothing left behind: no ffmpeg children, no scratch files in the processes' data dir.
leftover="$(pgrep -f "ffmpeg.*$RELAY_FLEET_DIR" | wc -l || true)"
scratch="$(find "$RELAY_FLEET_DIR/data" -type f 2>/dev/null | wc -l)"
echo "after the run: ffmpeg processes left $leftover, files in the data dir $scratch"
