#!/usr/bin/env bash
# The studio box's month (issue 19): the release relay-agent against the release relay-backend (SQLite +
# local disk) through Benchmarks/lib/faultproxy.py, both on one accelerated wall clock (libfaketime), for
# DAYS simulated days: a capture every hour; daily a 10-minute network loss, an hour of latency and an
# hour of connection resets; backend restarts; random SIGKILLs of the agent; the state disk full for 3 h;
# a 30 h outage in which the device token expires; the device revoked and enrolled anew while the agent
# runs; a reboot with the watch folder changed meanwhile. Prints the faults by kind, lost/duplicated
# captures and events, catch-up times, and the agent's RSS, open fds and queue database size at the end
# of day 1 and at the end; exits non-zero when a check fails. See Benchmarks/lib/soak.py for the details.
# scripts/test.sh runs a bounded 3-day variant (every fault kind once) on every CI run.
#   bash Benchmarks/soak.sh [DAYS] [SEED]       (default 30 1; ~35 min on 2 cores; must run as root for
#                                                the state-disk tmpfs, else the disk fault is skipped)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
DAYS="${1:-30}"
SEED="${2:-1}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
if [ -z "${RELAY_BACKEND_BIN:-}" ]; then
    swift build -c release --product relay-backend >&2
    RELAY_BACKEND_BIN="$(swift build -c release --show-bin-path)/relay-backend"
fi
if [ -z "${RELAY_AGENT_BIN:-}" ]; then
    swift build -c release --product relay-agent >&2
    RELAY_AGENT_BIN="$(swift build -c release --show-bin-path)/relay-agent"
fi
exec python3 Benchmarks/lib/soak.py --agent "$RELAY_AGENT_BIN" --backend "$RELAY_BACKEND_BIN" --days "$DAYS" --seed "$SEED"
