#!/usr/bin/env bash
# Upload → HLS latency (seed 003) on the real backend (release build, SQLite + local disk, in-process
# worker, default ladder 1080/720/480 at x264 veryfast): a 60 s 1080p30 H.264/AAC clip made by ffmpeg is
# uploaded with curl; from the moment POST /v1/upload returns, the manifest is polled every 20 ms
# (rate limits off for the poller).
# Prints seconds to the first playable manifest (stream copy) and to the master playlist (full ladder),
# each as a multiple of real time, and checks both with ffprobe over HTTP.
#   bash Benchmarks/hls.sh [SECONDS]     (clip length, default 60)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIP_SECONDS="${1:-60}"
CLIP_BITRATE=6M
source Benchmarks/lib/live-backend.sh
TOKEN="$(curl -fs -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"a long enough password"}' \
  "$BASE/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

python3 - "$BASE" "$TOKEN" "$CLIP" "$CLIP_SECONDS" <<'PY'
import json, subprocess, sys, time, urllib.request, urllib.error
base, token, clip, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
auth = {"Authorization": "Bearer " + token}
t0 = time.monotonic()
out = subprocess.run(["curl", "-fsS", "-H", "Authorization: Bearer " + token, "-F", "file=@" + clip, base + "/v1/upload"],
                     capture_output=True, text=True, check=True).stdout
uploaded = time.monotonic()
video = json.loads(out)["videoId"]
def manifest():
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{base}/v1/stream/{video}/manifest", headers=auth)) as r:
            return r.read().decode()
    except urllib.error.HTTPError as e:
        if e.code == 409: return None
        raise
first = None
while True:
    text = manifest()
    now = time.monotonic()
    if text is not None and first is None: first = now - uploaded
    if text is not None and "#EXT-X-STREAM-INF" in text: ladder = now - uploaded; break
    if now - uploaded > 1800: sys.exit("ladder not done within 30 min")
    time.sleep(0.02)
def probe(url):
    r = subprocess.run(["ffprobe", "-v", "error", "-headers", f"Authorization: Bearer {token}\r\n", "-show_entries", "format=duration",
                        "-of", "csv=p=0", url], capture_output=True, text=True, check=True)
    return float(r.stdout.strip())
duration = probe(f"{base}/v1/stream/{video}/manifest")
variants = [l for l in text.splitlines() if l.endswith(".m3u8")]
print(f"clip: {seconds:.0f} s 1080p30 H.264/AAC, {__import__('os').path.getsize(clip)/1e6:.1f} MB; upload request {uploaded - t0:.2f} s")
print(f"first playable manifest (stream copy): {first:.2f} s after upload = {first/seconds:.3f}x real time (target < 3 s)")
print(f"full ladder ({', '.join(v[:-5] for v in variants)}): {ladder:.1f} s after upload = {ladder/seconds:.2f}x real time")
print(f"ffprobe over HTTP: master playlist duration {duration:.2f} s")
PY
