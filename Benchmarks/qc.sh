#!/usr/bin/env bash
# Edge QC accuracy and speed (issue 5): writes a labelled set (3 scenes x 3/12 MP x sharp, Gaussian,
# motion, defocus, +2 EV, -2 EV x JPEG/HEIC = 72 files), prints the QC verdicts and accuracy (default
# thresholds, a calibrated cut-off checked on a held-out scene, and blur accuracy by DCT scale), then
# times QC on the 12 MP JPEGs on one core against
#   - the same libraries decoding at full resolution (RGB decode + gray + Laplacian), and
#   - OpenCV itself, as blur checks are usually written: imdecode -> cvtColor -> Laplacian(CV_64F).var()
#     (python3-opencv from apt, one thread).
#   bash Benchmarks/qc.sh [RUNS]        (default 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
RUNS="${1:-3}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import cv2' 2>/dev/null; then
    echo "[qc.sh] installing python3-opencv (apt) for the OpenCV baseline" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends python3-opencv >/dev/null
fi
swift build -c release --product relay-thumb-bench >&2
BIN="$(swift build -c release --show-bin-path)/relay-thumb-bench"
SET="$(mktemp -d -t relay-qc-set.XXXXXX)"
trap 'rm -rf "$SET"' EXIT
# One core: the figures are per-core throughput.
taskset -c 0 "$BIN" --runs "$RUNS" --qc-set "$SET" | tee "$SET/swift.txt"
( cd "$SET" && taskset -c 0 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$PYTHON" "$OLDPWD/Benchmarks/lib/opencv_blur.py" "$RUNS" 12MP_*.jpg ) | tee "$SET/opencv.txt"
qc_ms="$(sed -n 's/^QC_MS=//p' "$SET/swift.txt")"
cv_ms="$(sed -n 's/^OPENCV_MS=//p' "$SET/opencv.txt")"
awk -v qc="$qc_ms" -v cv="$cv_ms" 'BEGIN { printf "QC vs OpenCV on the same 12 MP JPEGs, one core: %.1f ms vs %.1f ms -> %.2fx (target >= 5x)\n", qc, cv, cv / qc }'
