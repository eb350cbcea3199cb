#!/usr/bin/env bash
# Multi-camera ingestion wall time (seed 000) on the real backend (release build, SQLite + local disk,
# in-process worker, defaults: 540p H.264 proxy, ProRes LT mezzanine, 16-bit WAV): a 60 s 1080p30
# H.264/AAC clip made by ffmpeg is uploaded in parts through the presigned URLs; the clock runs from the
# `complete` call to the asset being ready (ffprobe + one ffmpeg run + storing three derivatives).
# Prints the time as a multiple of real time and the derivative sizes.
#   bash Benchmarks/multicam-ingest.sh [SECONDS]     (clip length, default 60)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
CLIP_SECONDS="${1:-60}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
swift build -c release --product relay-backend >&2
BIN="$(swift build -c release --show-bin-path)/relay-backend"
WORK="$(mktemp -d /tmp/relay-ingest-bench.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
SERVER_PID=""
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT

echo "making a ${CLIP_SECONDS} s 1080p30 H.264/AAC clip..." >&2
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=${CLIP_SECONDS}" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}" \
  -c:v libx264 -preset veryfast -b:v 8M -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -shortest "$WORK/CAM_A.mp4"

DATA=(--data-dir "$WORK/data")
ORG="$("$BIN" admin create-org --name Bench "${DATA[@]}")"
echo "a long enough password" | "$BIN" admin create-user --org "$ORG" --email bench@example.com --name Bench --role operator \
  --password-stdin "${DATA[@]}" >/dev/null
RELAY_RATE_LIMIT_DEFAULT=0 RELAY_LOG_LEVEL=warning "$BIN" serve --port "$PORT" "${DATA[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -fs "$BASE/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done

python3 - "$BASE" "$WORK/CAM_A.mp4" "$CLIP_SECONDS" <<'PY'
import json, os, sys, time, urllib.request
base, clip, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    if token: req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as r: return json.loads(r.read() or b"{}")
token = call("POST", "/v1/auth/login", {"email": "bench@example.com", "password": "a long enough password"})["access_token"]
session = call("POST", "/v2/sessions", {"title": "Bench", "date": "2026-02-03", "projectId": "bench"}, token)["id"]
size = os.path.getsize(clip)
init = call("POST", f"/v2/sessions/{session}/assets/init-upload",
            {"cameraLabel": "A", "filename": "CAM_A.mp4", "contentType": "video/mp4", "sizeBytes": size}, token)
parts, t0 = [], time.monotonic()
with open(clip, "rb") as f:
    for part in init["parts"]:
        chunk = f.read(init["partSize"])
        req = urllib.request.Request(part["uploadUrl"], data=chunk, method="PUT")
        with urllib.request.urlopen(req) as r: parts.append({"partNumber": part["partNumber"], "etag": r.headers["ETag"]})
uploaded = time.monotonic() - t0
start = time.monotonic()
call("POST", f"/v2/sessions/{session}/assets/{init['assetId']}/complete", {"uploadId": init["uploadId"], "parts": parts}, token)
while True:
    assets = call("GET", f"/v2/sessions/{session}/assets?includeDerivatives=true", None, token)["assets"]
    if assets[0]["status"] in ("ready", "failed"): break
    time.sleep(0.05)
elapsed = time.monotonic() - start
asset = assets[0]
print(f"clip: {seconds:.0f} s 1080p30 H.264/AAC, {size/1e6:.1f} MB in {len(parts)} parts of {init['partSize']>>20} MiB, uploaded in {uploaded:.2f} s")
print(f"ingestion (complete → ready): {elapsed:.1f} s = {elapsed/seconds:.2f}x real time; status {asset['status']}")
for d in asset.get("derivatives", []):
    print(f"  {d['kind']:<10} {d['sizeBytes']/1e6:8.1f} MB  {d['contentType']}")
print(f"metadata: {json.dumps(asset['metadata'])}")
PY
