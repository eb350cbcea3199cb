#!/usr/bin/env bash
# Upload throughput to SeaweedFS on loopback: the agent's presigned, streamed PUT (relay-upload-bench,
# release) against `aws s3 cp` of the same file, 3 runs each, alternating; prints medians and the ratio
# (target ≥ 1.2×) and the agent's peak RSS.
#
#   bash Benchmarks/upload.sh [SIZE_MB]      # default 1024
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SIZE_MB="${1:-1024}"
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
bash scripts/install-deps.sh >/dev/null
if ! command -v aws >/dev/null 2>&1; then
    python3 -m pip install --quiet awscli 2>/dev/null || python3 -m pip install --quiet --break-system-packages awscli
fi
swift build -c release --product relay-upload-bench >&2
BENCH="$(swift build -c release --show-bin-path)/relay-upload-bench"

ENV_FILE="$(env -u RELAY_SERVICES_DIR bash scripts/services.sh start | tail -1)"
# shellcheck disable=SC1090
source "$ENV_FILE"
WORK="$(mktemp -d /tmp/relay-upload-bench.XXXXXX)"
cleanup() { bash scripts/services.sh stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

FILE="$WORK/upload.bin"
echo "writing a ${SIZE_MB} MB random file..." >&2
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$FILE"

export AWS_ACCESS_KEY_ID="$RELAY_TEST_S3_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$RELAY_TEST_S3_SECRET_KEY"
export AWS_DEFAULT_REGION="${RELAY_TEST_S3_REGION:-us-east-1}" AWS_EC2_METADATA_DISABLED=true
agent_times=() aws_times=() rss=()
for run in 1 2 3; do
    out="$("$BENCH" "$FILE")"
    echo "run $run: $(echo "$out" | head -1)" >&2
    agent_times+=("$(echo "$out" | sed -n 's/^RESULT seconds=\([0-9.]*\).*/\1/p')")
    rss+=("$(echo "$out" | sed -n 's/.*rss_mb=\([0-9.]*\).*/\1/p')")
    start=$(date +%s.%N)
    aws --endpoint-url "$RELAY_TEST_S3_ENDPOINT" s3 cp --only-show-errors "$FILE" "s3://$RELAY_TEST_S3_BUCKET/bench/aws-$run.bin"
    end=$(date +%s.%N)
    t="$(python3 -c "print(f'{$end - $start:.3f}')")"
    aws_times+=("$t")
    echo "run $run: aws s3 cp: $t s" >&2
    aws --endpoint-url "$RELAY_TEST_S3_ENDPOINT" s3 rm --only-show-errors "s3://$RELAY_TEST_S3_BUCKET/bench/aws-$run.bin" || true
done
python3 - "$SIZE_MB" "${agent_times[*]}" "${aws_times[*]}" "${rss[*]}" <<'PY'
import statistics, sys
size = int(sys.argv[1]) * 1024 * 1024
agent = statistics.median(map(float, sys.argv[2].split()))
aws = statistics.median(map(float, sys.argv[3].split()))
rss = max(map(float, sys.argv[4].split()))
print(f"file: {size / 1e6:.0f} MB on SeaweedFS (loopback)")
print(f"relay-agent presigned PUT: median {agent:.2f} s = {size / agent / 1e6:.0f} MB/s; peak RSS {rss:.1f} MB")
print(f"aws s3 cp:                 median {aws:.2f} s = {size / aws / 1e6:.0f} MB/s")
print(f"ratio (aws time / agent time): {aws / agent:.2f}x  (target >= 1.2x)")
PY
