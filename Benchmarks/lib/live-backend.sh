# Sourced by the media benchmarks: a release relay-backend serving on a free loopback port (SQLite +
# local disk, in-process worker, rate limits off for pollers), an operator bench@example.com, and a
# ${CLIP_SECONDS} s 1080p30 H.264/AAC test clip at $CLIP (video bitrate $CLIP_BITRATE).
# Sets BIN, WORK, BASE; everything is removed on exit.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
swift build -c release --product relay-backend >&2
BIN="$(swift build -c release --show-bin-path)/relay-backend"
WORK="$(mktemp -d /tmp/relay-media-bench.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
SERVER_PID=""
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT

CLIP="$WORK/clip.mp4"
echo "making a ${CLIP_SECONDS} s 1080p30 H.264/AAC clip..." >&2
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=${CLIP_SECONDS}" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}" \
  -c:v libx264 -preset veryfast -b:v "$CLIP_BITRATE" -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -shortest "$CLIP"

DATA=(--data-dir "$WORK/data")
ORG="$("$BIN" admin create-org --name Bench "${DATA[@]}")"
echo "a long enough password" | "$BIN" admin create-user --org "$ORG" --email bench@example.com --name Bench --role operator \
  --password-stdin "${DATA[@]}" >/dev/null
RELAY_RATE_LIMIT_DEFAULT=0 RELAY_LOG_LEVEL=warning "$BIN" serve --port "$PORT" "${DATA[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -fs "$BASE/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
