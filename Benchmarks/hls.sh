#!/usr/bin/env bash
# Upload → HLS latency (seed 003, issue 20) on the real backend (release build, SQLite + local disk,
# in-process worker, default ladder 1080/720/480 at x264 veryfast, fast rendition 480p ultrafast): a 60 s
# 1080p30 clip made by ffmpeg in each of H.264/AAC (MP4), HEVC/AAC (MP4, as phones record), ProRes 422
# Proxy/PCM (MOV, as cameras hand over) and VP9/Opus (WebM), uploaded one after the other with curl; from
# the moment POST /v1/upload returns, the manifest is polled every 20 ms (rate limits off for the poller).
# Prints seconds to the first playable manifest (ffprobe over HTTP then reads its video stream, while it
# may still grow) and to the full ladder (ffprobe reads the whole duration), each as a multiple of real
# time. The peer, measured in the same run: the same HEVC clip on a second server with the fast rendition
# off (`hls_fast_height none`: the behaviour before issue 20, playable only when the ladder is done).
#   bash Benchmarks/hls.sh [SECONDS]     (clip length, default 60)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIP_SECONDS="${1:-60}"
CLIP_BITRATE=6M
source Benchmarks/lib/live-backend.sh
TOKEN="$(curl -fs -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"a long enough password"}' \
  "$BASE/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

echo "making HEVC, ProRes and VP9 versions of the clip..." >&2
ffmpeg -hide_banner -loglevel error -y -i "$CLIP" -c:v libx265 -preset ultrafast -b:v "$CLIP_BITRATE" -pix_fmt yuv420p \
  -x265-params log-level=error -tag:v hvc1 -c:a copy "$WORK/hevc.mp4"
ffmpeg -hide_banner -loglevel error -y -i "$CLIP" -c:v prores_ks -profile:v 0 -c:a pcm_s16le "$WORK/prores.mov"
ffmpeg -hide_banner -loglevel error -y -i "$CLIP" -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -row-mt 1 -b:v "$CLIP_BITRATE" \
  -c:a libopus -b:a 128k "$WORK/vp9.webm"

# The peer: a second server, same data layout, fast rendition off.
PEER_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
PEER_DATA=(--data-dir "$WORK/peer-data")
PEER_ORG="$("$BIN" admin create-org --name Bench "${PEER_DATA[@]}")"
echo "a long enough password" | "$BIN" admin create-user --org "$PEER_ORG" --email bench@example.com --name Bench --role operator \
  --password-stdin "${PEER_DATA[@]}" >/dev/null
PEER_BASE="http://127.0.0.1:$PEER_PORT"
PEER_PID=""
stop_peer() { if [ -n "$PEER_PID" ]; then kill "$PEER_PID" 2>/dev/null || true; wait "$PEER_PID" 2>/dev/null || true; PEER_PID=""; fi; }

python3 - "$BASE" "$TOKEN" "$CLIP_SECONDS" "$CLIP" "$WORK/hevc.mp4" "$WORK/prores.mov" "$WORK/vp9.webm" <<'PY'
import json, os, subprocess, sys, time, urllib.request, urllib.error
base, token, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
clips = [("H.264/AAC (MP4)", sys.argv[4]), ("HEVC/AAC (MP4)", sys.argv[5]), ("ProRes/PCM (MOV)", sys.argv[6]), ("VP9/Opus (WebM)", sys.argv[7])]
sys.path.insert(0, "Benchmarks/lib")
from hls_timing import time_upload
results = []
for label, clip in clips:
    r = time_upload(base, token, clip, seconds)
    results.append((label, os.path.getsize(clip) / 1e6, r))
    print(f"{label:18s} {os.path.getsize(clip)/1e6:7.1f} MB  first playable {r['first']:6.2f} s = {r['first']/seconds:.3f}x RT"
          f" ({r['first_kind']})   full ladder {r['ladder']:6.1f} s = {r['ladder']/seconds:.2f}x RT   ffprobe {r['duration']:.2f} s", flush=True)
PY

# The peer run (fast rendition off) on the HEVC clip.
RELAY_RATE_LIMIT_DEFAULT=0 RELAY_LOG_LEVEL=warning RELAY_HLS_FAST_HEIGHT=none "$BIN" serve --port "$PEER_PORT" "${PEER_DATA[@]}" \
  >"$WORK/peer.log" 2>&1 &
PEER_PID=$!
trap 'stop_peer; cleanup' EXIT
for _ in $(seq 1 300); do curl -fs "$PEER_BASE/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
PEER_TOKEN="$(curl -fs -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"a long enough password"}' \
  "$PEER_BASE/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
python3 - "$PEER_BASE" "$PEER_TOKEN" "$CLIP_SECONDS" "$WORK/hevc.mp4" <<'PY'
import sys
sys.path.insert(0, "Benchmarks/lib")
from hls_timing import time_upload
base, token, seconds, clip = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
r = time_upload(base, token, clip, seconds)
print(f"peer: HEVC with the fast rendition off (before issue 20): first playable {r['first']:.2f} s = {r['first']/seconds:.3f}x RT;"
      f" full ladder {r['ladder']:.1f} s = {r['ladder']/seconds:.2f}x RT")
PY
stop_peer
