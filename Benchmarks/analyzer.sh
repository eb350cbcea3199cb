#!/usr/bin/env bash
# Audio sync analyzer (seed 002), release build, against a live server with ONE job worker:
#   1. analyses per minute on 60 s pairs (48 kHz stereo master, 44.1 kHz mono dub, offsets within ±8 s),
#      per method (spectral, onset, mfcc, all three), waveforms included, with each method's error;
#   2. CPU seconds per audio-hour per method (the server's CPU time over the run / hours of master audio);
#   3. peak RSS for a 3-hour pair: the server's high-water mark while it analyses one with every method,
#      and `relay-backend sync` on it;
#   4. the peer in the same run, on the same files: audio-offset-finder (BBC, PyPI: MFCC frames
#      cross-correlated with librosa), installed into a venv under /tmp the first time.
#   bash Benchmarks/analyzer.sh [--pairs N] [--long-hours H] [--no-peer]      (defaults: 20 pairs, 3 hours)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PAIRS=20; LONG_HOURS=3; PEER=1
while [ $# -gt 0 ]; do
    case "$1" in
        --pairs) PAIRS="$2"; shift 2 ;;
        --long-hours) LONG_HOURS="$2"; shift 2 ;;
        --no-peer) PEER=0; shift ;;
        *) echo "analyzer.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
CLIP_SECONDS=1; CLIP_BITRATE=1M
source Benchmarks/lib/live-backend.sh
kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true
MEDIA="$WORK/media"; mkdir -p "$MEDIA"
# One job worker in the server process: analyses per minute are one worker's.
RELAY_RATE_LIMIT_DEFAULT=0 RELAY_LOG_LEVEL=warning RELAY_WORKER_CONCURRENCY=1 RELAY_ANALYZER_MEDIA_ROOTS="$MEDIA" \
    "$BIN" serve --port "$PORT" "${DATA[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -fs "$BASE/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
TOKEN="$(curl -fs -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"a long enough password"}' \
  "$BASE/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

PEER_PYTHON=""
if [ "$PEER" = 1 ]; then
    VENV=/tmp/relay-bench-audio-offset-finder
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import audio_offset_finder' 2>/dev/null; then
        echo "installing audio-offset-finder into $VENV..." >&2
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q 'audio-offset-finder==0.5.5' >&2
    fi
    PEER_PYTHON="$VENV/bin/python"
fi
python3 Benchmarks/lib/analyzer_bench.py "$BASE" "$TOKEN" "$SERVER_PID" "$MEDIA" "$BIN" --pairs "$PAIRS" --long-hours "$LONG_HOURS" \
    ${PEER_PYTHON:+--peer "$PEER_PYTHON"}
