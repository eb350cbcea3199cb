#!/usr/bin/env bash
# Photo pipeline throughput on one core (release build): 12 MP JPEG generated in memory →
# decode (DCT 1/2) + EXIF orientation + thumbnails 1200/600/150 + QC (gray decode at DCT 1/4).
# Prints images/s and thumbnails/s (3 per image), the QC time alone against an OpenCV-style
# full-resolution decode + Laplacian, and QC sharpness at DCT scales 1, 1/2, 1/4, 1/8 (why 1/2).
#   bash Benchmarks/thumbnails.sh [RUNS]        (default 10)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
RUNS="${1:-10}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
swift build -c release --product relay-thumb-bench >&2
BIN="$(swift build -c release --show-bin-path)/relay-thumb-bench"
# One core: the figures are per-core throughput (a worker runs one job per core).
exec taskset -c 0 "$BIN" --runs "$RUNS"
