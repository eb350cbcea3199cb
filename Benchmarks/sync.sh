#!/usr/bin/env bash
# Audio sync engine (RelaySync), release build:
#   1. accuracy over a generated corpus of solvable camera pairs (median / p95 / max error, share
#      within 1 ms and within one 30 fps frame, classification, drift error);
#   2. the verdict on unrelated cameras (every scene kind against every kind) and the line-support
#      figures the confidence thresholds are calibrated on;
#   3. CPU seconds per camera-hour on 48 kHz stereo WAV input INCLUDING decode of master and
#      camera, against the 2.5 s target, and the AAC (.m4a) decode cost through ffmpeg, separately.
#   bash Benchmarks/sync.sh [--pairs N] [--minutes M] [--keep]     (defaults: 96 pairs, 15 min)
#   bash Benchmarks/sync.sh --decode FILE...                        (decode cost of real files)
# JOBS=N sets swift build's parallelism (default 1: the build machines have 2 shared cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
command -v ffmpeg >/dev/null 2>&1 || { echo "sync.sh: ffmpeg is required (apt-get install -y ffmpeg)" >&2; exit 1; }
pkg-config --exists fftw3f || { echo "sync.sh: FFTW is required (apt-get install -y libfftw3-dev)" >&2; exit 1; }
swift build -c release -j "${JOBS:-1}" --product relay-sync-bench >&2
BIN="$(swift build -c release --show-bin-path)/relay-sync-bench"
exec "$BIN" "$@"
