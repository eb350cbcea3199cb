#!/usr/bin/env bash
# Intake scan cost for one changed file in a folder of FILES photos (default 100000): before (every
# inotify event meant a full scan of every folder) and after (only the changed file is looked at).
# Prints wall and CPU seconds (user+sys of the scanning thread, CLOCK_THREAD_CPUTIME_ID) of each, the
# files looked at, and the ratios. Runs the "Intake scan: only what changed" test with
# RELAY_SCAN_BENCH_FILES=FILES (the test suite runs it with 5000). Debug build, like the tests.
#   bash Benchmarks/agent-scan.sh [FILES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
FILES="${1:-100000}"
swift build --build-tests >&2
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
RELAY_SCAN_BENCH_FILES="$FILES" swift test --skip-build --filter 'IntakeScanTargetingTests/changedFileAlone' >"$LOG" 2>&1 || { tail -40 "$LOG" >&2; exit 1; }
grep -o 'scan-bench .*' "$LOG"
