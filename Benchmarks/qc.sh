#!/usr/bin/env bash
# Edge QC accuracy on real photographs and speed against OpenCV (issue 17).
#
# The labelled set: the 26 real photographs of Benchmarks/qc-photos.tsv (Debian's
# plasma-workspace-wallpapers, lxqt-themes and mate-backgrounds, installed here with apt), each at 3 MP
# and 12 MP as sharp, Gaussian/motion/defocus-blurred and -2/+2 (and -1.5/+1.5) EV frames with their
# EXIF exposure settings, JPEG q90 and HEIC q85. Prints accuracy with the shipped defaults, the
# defaults choose() picks on the set (how the shipped ones were chosen), leave-one-scene-out accuracy,
# breakdowns, the per-file confusion list, then QC speed on the 12 MP JPEGs on one core against
# OpenCV's full-resolution decode + Laplacian and its IMREAD_REDUCED_GRAYSCALE_4 + Laplacian, timed in
# alternating rounds (QC_SPEED_ROUNDS, default 7) and reported as the median of the rounds' ratios.
#   bash Benchmarks/qc.sh [RUNS]        (default 3; QC_HEIC=0 skips the HEIC frames, ~10 min of x265)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
RUNS="${1:-3}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
PYTHON=/usr/bin/python3
# The photographs and the peer, from Debian (QC_PHOTO_ROOT points elsewhere if they are unpacked there).
ROOT="${QC_PHOTO_ROOT:-/}"
if [ "$ROOT" = / ] && { ! [ -f /usr/share/wallpapers/Path/contents/images/2560x1600.jpg ] || ! [ -f /usr/share/lxqt/wallpapers/fog.jpg ] \
    || ! [ -f /usr/share/backgrounds/mate/nature/Wood.jpg ] || ! "$PYTHON" -c 'import cv2, PIL' 2>/dev/null; }; then
    echo "[qc.sh] installing the photographs and OpenCV (apt, ~170 MB)" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
        plasma-workspace-wallpapers lxqt-themes mate-backgrounds python3-opencv python3-pil >/dev/null
fi
swift build -c release --product relay-thumb-bench >&2
BIN="$(swift build -c release --show-bin-path)/relay-thumb-bench"
SET="$(mktemp -d -t relay-qc-set.XXXXXX)"
trap 'rm -rf "$SET"' EXIT
"$PYTHON" Benchmarks/lib/qc_sources.py Benchmarks/qc-photos.tsv "$ROOT" "$SET"
HEIC=--heic; [ "${QC_HEIC:-1}" = 0 ] && HEIC=""
# One core: the figures are per-core throughput.
taskset -c 0 "$BIN" --runs "$RUNS" --qc-photos "$SET" $HEIC | tee "$SET/swift.txt"
# Speed: QC and OpenCV timed in alternating rounds (QC, then OpenCV, ROUNDS times) on the same core, so
# a slow spell of the machine falls on both; each round's ratio is printed and the median is the figure.
ROUNDS="${QC_SPEED_ROUNDS:-7}"
echo "speed: $ROUNDS alternating rounds of QC and OpenCV over the same 12 MP JPEGs, one core, $RUNS runs each"
for round in $(seq 1 "$ROUNDS"); do
    qc_ms="$(taskset -c 0 "$BIN" --runs "$RUNS" --qc-speed "$SET/speed" | sed -n 's/^QC_MS=//p')"
    cv="$(cd "$SET/speed" && taskset -c 0 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$PYTHON" "$OLDPWD/Benchmarks/lib/opencv_blur.py" "$RUNS" *.jpg)"
    full_ms="$(sed -n 's/^OPENCV_MS=//p' <<<"$cv")"
    r4_ms="$(sed -n 's/^OPENCV_R4_MS=//p' <<<"$cv")"
    echo "$round $qc_ms $full_ms $r4_ms" >> "$SET/rounds.txt"
    awk -v n="$round" -v qc="$qc_ms" -v full="$full_ms" -v r4="$r4_ms" 'BEGIN {
        printf "  round %d: QC %.1f ms, OpenCV full %.1f ms (%.2fx), OpenCV reduced/4 %.1f ms (QC takes %.2fx)\n", n, qc, full, full / qc, r4, qc / r4 }'
done
awk 'function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
     { n++; qc[n] = $2; full[n] = $3; r4[n] = $4; rf[n] = $3 / $2; rr[n] = $2 / $4 }
     END {
        printf "QC vs OpenCV full-resolution decode + Laplacian, same 12 MP JPEGs, one core: %.1f ms vs %.1f ms, median of %d round ratios %.2fx faster (target >= 5x)\n", median(qc, n), median(full, n), n, median(rf, n)
        printf "QC vs OpenCV IMREAD_REDUCED_GRAYSCALE_4 + Laplacian: %.1f ms vs %.1f ms, median of %d round ratios: QC takes %.2fx its time (target <= 1.2x)\n", median(qc, n), median(r4, n), n, median(rr, n) }' "$SET/rounds.txt"
