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
# WebSocket upgrades through nginx once it holds pooled connections to every API process: each must be
# 101 (a pooled connection answers 307 "open a new connection", which clients do not follow).
python3 - "$RELAY_FLEET_URL" "$WORK/password" <<'PY'
import base64, json, os, socket, sys, urllib.request
base, password = sys.argv[1], open(sys.argv[2]).read().strip()
def post(path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    return json.load(urllib.request.urlopen(urllib.request.Request(base + path, json.dumps(body).encode(), headers), timeout=30))
token = post("/v1/auth/login", {"email": "fleet@relay.test", "password": password})["access_token"]
session = post("/v2/sessions", {"title": "WS", "date": "2026-12-07", "projectId": "p"}, token)["id"]
host, port = base.split("//", 1)[1].split(":")
answers = []
for _ in range(9):
    connection = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall((f"GET /v2/sessions/{session}/events HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                        f"Authorization: Bearer {token}\r\n\r\n").encode())
    answers.append(connection.recv(200).split(b"\r\n", 1)[0].decode())
    connection.close()
print(f"WebSocket upgrades through nginx: {answers.count('HTTP/1.1 101 Switching Protocols')} of {len(answers)} switched")
sys.exit(0 if all(a == "HTTP/1.1 101 Switching Protocols" for a in answers) else 1)
PY
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
