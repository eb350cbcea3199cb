#!/usr/bin/env bash
# Writes COUNT camera recordings to DIR with ffmpeg: SECONDS of testsrc2 at SIZE (H.264, VIDEO_BITRATE)
# with a tone of its own (AAC), as REC_NN.mp4. Used by scripts/fleet-smoke.sh and Benchmarks/chaos.sh.
#   bash scripts/lib/make-recordings.sh DIR COUNT [SECONDS] [SIZE] [VIDEO_BITRATE]
set -euo pipefail
dir="$1" count="$2" seconds="${3:-6}" size="${4:-320x240}" bitrate="${5:-1M}"
mkdir -p "$dir"
for i in $(seq 1 "$count"); do
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=30:duration=$seconds" \
        -f lavfi -i "sine=frequency=$((300 + 40 * i)):sample_rate=48000:duration=$seconds" \
        -c:v libx264 -preset ultrafast -b:v "$bitrate" -pix_fmt yuv420p -g 60 -c:a aac -b:a 96k -shortest \
        "$dir/$(printf 'REC_%02d.mp4' "$i")"
done
