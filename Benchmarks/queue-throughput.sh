#!/usr/bin/env bash
# Job-queue throughput on SQLite and PostgreSQL (release build), 1 and 4 worker processes' worth of pools.
# Prints one line per run and the PostgreSQL/SQLite ratio at 4 workers. Starts its own PostgreSQL.
#   bash Benchmarks/queue-throughput.sh [JOBS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
JOBS="${1:-3000}"
bash scripts/install-deps.sh >/dev/null
swift build -c release --product relay-bench >&2
BIN="$(swift build -c release --show-bin-path)/relay-bench"
ENV_FILE="$(bash scripts/services.sh start | tail -1)"
# shellcheck disable=SC1090
source "$ENV_FILE"
trap 'bash scripts/services.sh stop >/dev/null 2>&1 || true' EXIT
OUT="$(mktemp)"
for workers in 1 4; do
    "$BIN" queue --database sqlite --jobs "$JOBS" --workers "$workers" | tee -a "$OUT"
    "$BIN" queue --database "$RELAY_TEST_POSTGRES_URL" --jobs "$JOBS" --workers "$workers" | tee -a "$OUT"
done
python3 - "$OUT" <<'PY'
import re, sys
rows = [l for l in open(sys.argv[1]) if "throughput=" in l]
def rate(db, w):
    for l in rows:
        if l.startswith(db) and f"workers={w} " in l:
            return float(re.search(r"throughput=(\d+)", l).group(1))
s4, p4 = rate("sqlite", 4), rate("postgres", 4)
s1, p1 = rate("sqlite", 1), rate("postgres", 1)
print(f"ratio postgres/sqlite at 4 workers: {p4/s4:.2f}x; scaling 1->4 workers: sqlite {s4/s1:.2f}x, postgres {p4/p1:.2f}x")
PY
