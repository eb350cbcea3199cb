#!/usr/bin/env bash
# Multi-camera ingestion wall time (seed 000) on the real backend (release build, SQLite + local disk,
# in-process worker, defaults: 540p H.264 proxy, ProRes LT mezzanine, 16-bit WAV): a 60 s 1080p30
# H.264/AAC clip made by ffmpeg is uploaded in parts through the presigned URLs; the clock runs from the
# `complete` call to the asset being ready (ffprobe + one ffmpeg run + storing three derivatives).
# Prints the time as a multiple of real time and the derivative sizes.
#   bash Benchmarks/multicam-ingest.sh [SECONDS]     (clip length, default 60)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIP_SECONDS="${1:-60}"
CLIP_BITRATE=8M
source Benchmarks/lib/live-backend.sh

python3 - "$BASE" "$CLIP" "$CLIP_SECONDS" <<'PY'
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
