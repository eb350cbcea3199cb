#!/usr/bin/env bash
# An original over 5 GiB on S3 (issue 22): PostgreSQL + SeaweedFS (scripts/services.sh), one release
# `relay-backend serve` with its in-process worker on the S3 store, `video_max_bytes` 8 GiB. A
# SIZE_GIB (default 6) GiB H.264/AAC MP4 (a 30 s 1080p30 clip with heavy grain, ~150 Mbit/s, joined
# with itself by ffmpeg's concat demuxer) is sent with curl to POST /v1/upload: the server stores it
# with a server-side multipart upload (one PUT caps at 5 GiB), the worker remuxes it to HLS, and
# ffprobe then reads the whole stream over HTTP, every segment coming out of SeaweedFS. Prints the
# upload's seconds and MB/s, seconds to READY, the stream's duration against the file's, the segment
# count and the server's peak RSS. BIG_LADDER=1 also waits for the ladder.
#   bash Benchmarks/big-original.sh [SIZE_GIB]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
SIZE_GIB="${1:-6}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
swift build -c release --product relay-backend >&2
BIN="$(swift build -c release --show-bin-path)/relay-backend"
WORK="$(mktemp -d /tmp/relay-big.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ -n "${RELAY_SERVICES_DIR:-}" ]; then bash scripts/services.sh stop >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
need=$((SIZE_GIB * 5 + 4))
free=$(df -BG --output=avail "$WORK" | tail -1 | tr -dc 0-9)
[ "$free" -ge "$need" ] || { echo "needs about $need GiB free under $WORK (has $free)"; exit 1; }

echo "making a ${SIZE_GIB} GiB H.264/AAC original..." >&2
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=30,noise=alls=40:allf=t+u" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=30" \
    -c:v libx264 -preset ultrafast -qp 16 -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -shortest "$WORK/part.mp4"
part_bytes=$(stat -c %s "$WORK/part.mp4")
copies=$(( (SIZE_GIB * 1073741824 + part_bytes - 1) / part_bytes ))
for _ in $(seq 1 "$copies"); do echo "file '$WORK/part.mp4'"; done >"$WORK/list.txt"
ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$WORK/list.txt" -c copy -movflags +faststart "$WORK/big.mp4"
rm -f "$WORK/part.mp4"
size=$(stat -c %s "$WORK/big.mp4")
file_seconds=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$WORK/big.mp4")
printf 'original: %d bytes (%.2f GiB), %.0f s\n' "$size" "$(echo "$size / 1073741824" | bc -l)" "$file_seconds"

services_env="$(RELAY_SERVICES_DIR="$WORK/services" bash scripts/services.sh start | tail -1)"
# shellcheck disable=SC1090
source "$services_env"
export RELAY_DATABASE_URL="$RELAY_TEST_POSTGRES_URL" RELAY_BLOB_STORE=s3 RELAY_S3_ENDPOINT="$RELAY_TEST_S3_ENDPOINT" \
    RELAY_S3_REGION="$RELAY_TEST_S3_REGION" RELAY_S3_BUCKET="$RELAY_TEST_S3_BUCKET" RELAY_S3_ACCESS_KEY_ID="$RELAY_TEST_S3_ACCESS_KEY" \
    RELAY_S3_SECRET_ACCESS_KEY="$RELAY_TEST_S3_SECRET_KEY" RELAY_DATA_DIR="$WORK/data" RELAY_VIDEO_MAX_BYTES=$((8 << 30)) \
    RELAY_RATE_LIMIT_DEFAULT=0 RELAY_LOG_LEVEL=warning
"$BIN" migrate >/dev/null
org="$("$BIN" admin create-org --name Big | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
echo "a long enough password" | "$BIN" admin create-user --org "$org" --email big@relay.test --name Big --role operator --password-stdin >/dev/null
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export RELAY_PUBLIC_URL="http://127.0.0.1:$PORT"
"$BIN" serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -fs "$BASE/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
TOKEN="$(curl -fs -H 'Content-Type: application/json' -d '{"email":"big@relay.test","password":"a long enough password"}' \
    "$BASE/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

# The server's peak RSS, sampled every 0.5 s in the background.
( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$WORK/peak-rss"
    sleep 0.5; done ) &

start=$(date +%s.%N)
answer="$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/big.mp4;type=video/mp4" "$BASE/v1/upload")"
uploaded=$(date +%s.%N)
code="$(tail -n1 <<<"$answer")"
[ "$code" = 201 ] || { echo "upload answered $code: $(head -n1 <<<"$answer")"; tail -20 "$WORK/server.log"; exit 1; }
id="$(head -n1 <<<"$answer" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o.get("video_id") or o.get("videoId"))')"
printf 'upload: %.1f s, %.0f MB/s (POST /v1/upload -> 201, video %s)\n' "$(echo "$uploaded - $start" | bc -l)" \
    "$(echo "$size / 1000000 / ($uploaded - $start)" | bc -l)" "$id"

state=""
for _ in $(seq 1 3600); do
    # 409 with details.state until the stream can play; 200 then.
    state="$(curl -s -H "Authorization: Bearer $TOKEN" -w '\n%{http_code}' "$BASE/v1/stream/$id/manifest" | python3 -c '
import json, sys
lines = sys.stdin.read().rsplit("\n", 1)
if lines[-1] == "200": print("READY")
else:
    try: print(json.loads(lines[0])["error"]["details"]["state"])
    except Exception: print("?")')"
    [ "$state" = READY ] || [ "$state" = FAILED ] && break
    sleep 1
done
ready=$(date +%s.%N)
printf 'READY after %.1f s from the upload'"'"'s end (state %s)\n' "$(echo "$ready - $uploaded" | bc -l)" "$state"
[ "$state" = READY ] || { tail -20 "$WORK/server.log"; exit 1; }
stream_seconds=$(ffprobe -v error -headers "Authorization: Bearer $TOKEN"$'\r\n' -show_entries format=duration \
    -of default=nw=1:nk=1 "$BASE/v1/stream/$id/manifest")
segments=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/v1/stream/$id/manifest" | grep -c '^segment/' || true)
# Play it all: ffmpeg reads every segment through the server (each one out of SeaweedFS) and decodes nothing.
play_start=$(date +%s.%N)
# (Segments of ~200 MB: ffmpeg must look far into the first one to meet an audio packet.)
ffmpeg -v error -probesize 400M -analyzeduration 10M -headers "Authorization: Bearer $TOKEN"$'\r\n' \
    -i "$BASE/v1/stream/$id/manifest" -map 0:v -map '0:a?' -c copy -f mpegts -y "$WORK/played.ts"
played=$(date +%s.%N)
played_bytes=$(stat -c %s "$WORK/played.ts")
played_seconds=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$WORK/played.ts")
rm -f "$WORK/played.ts"
printf 'HLS from SeaweedFS: manifest of %d segments, %.1f s of %.1f s; played through in %.1f s (%.0f MB, %.1f s of media)\n' \
    "$segments" "$stream_seconds" "$file_seconds" "$(echo "$played - $play_start" | bc -l)" \
    "$(echo "$played_bytes / 1000000" | bc -l)" "$played_seconds"
if [ "${BIG_LADDER:-0}" = 1 ]; then
    for _ in $(seq 1 7200); do
        grep -q 'm3u8' <(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/v1/stream/$id/manifest") && break
        sleep 1
    done
    printf 'ladder done after %.0f s\n' "$(echo "$(date +%s.%N) - $uploaded" | bc -l)"
fi
printf 'server peak RSS: %d MB\n' "$(( $(cat "$WORK/peak-rss" 2>/dev/null || echo 0) / 1024 ))"
