#!/usr/bin/env bash
# Live events at scale (issue 22): `scripts/fleet.sh up 3 1` (release, PostgreSQL + SeaweedFS cluster),
# SUBSCRIBERS WebSocket clients on one session's event socket spread round-robin over the 3 API
# processes, EVENTS events published at RATE per second from a separate process over PostgreSQL NOTIFY
# (PostgresEventBus.publish, as a worker publishes ingest progress): deliveries, losses, duplicates and
# latency p50/p90/p99/max. Then slow consumers: 20 clients that never read while 6,000 events of 4 KB
# pass; each must be cut off (close 1013 or dropped) and the API processes' RSS must not follow the
# backlog. `relay-bench ws-fanout` does the measuring; the clients share these 2 cores with the fleet.
#   bash Benchmarks/ws-fanout.sh [SUBSCRIBERS] [EVENTS] [RATE]        (default 1000 200 20)
#   WS_FANOUT_STALLED=N                                               stalled clients (default 20; 0 skips)
#   WS_FANOUT_VIA=nginx                                               connect through the fleet's nginx
#                                                                     (round-robin) instead of to each process
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
SUBSCRIBERS="${1:-1000}"
EVENTS="${2:-200}"
RATE="${3:-20}"
STALLED="${WS_FANOUT_STALLED:-20}"
if [ -f scripts/install-deps.sh ]; then bash scripts/install-deps.sh >/dev/null; fi
# Two sockets per subscriber on this machine (client and server end), plus the fleet's own.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
swift build -c release --product relay-backend >&2
swift build -c release --product relay-bench >&2
bin="$(swift build -c release --show-bin-path)"
export RELAY_BACKEND_BIN="$bin/relay-backend"
WORK="$(mktemp -d /tmp/relay-ws-fanout.XXXXXX)"
export RELAY_FLEET_DIR="$WORK/fleet"
cleanup() { bash scripts/fleet.sh down >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export RELAY_RATE_LIMIT_DEFAULT=0 RELAY_RATE_LIMIT_PRESIGN=0 RELAY_RATE_LIMIT_EVENTS=0 RELAY_LOG_LEVEL=warning
env_file="$(bash scripts/fleet.sh up 3 1 2>/dev/null | tail -1)"
set -a; source "$env_file"; set +a
org="$("$RELAY_BACKEND_BIN" admin create-org --name Fanout | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$WORK/password"
"$RELAY_BACKEND_BIN" admin create-user --org "$org" --email fanout@relay.test --name F --role admin --password-stdin \
    <"$WORK/password" >/dev/null
targets="" pids=""
for i in 1 2 3; do
    targets="${targets:+$targets,}http://127.0.0.1:$(cat "$RELAY_FLEET_DIR/pids/serve-$i.port")"
    pids="${pids:+$pids,}$(cat "$RELAY_FLEET_DIR/pids/serve-$i.pid")"
done
via="directly to each process"
if [ "${WS_FANOUT_VIA:-direct}" = nginx ]; then targets="$RELAY_FLEET_URL"; via="through nginx"; fi
echo "== ws-fanout: $SUBSCRIBERS subscribers over 3 API processes ($via), $EVENTS events at $RATE/s, $STALLED stalled =="
"$bin/relay-bench" ws-fanout --targets "$targets" --email fanout@relay.test --password-file "$WORK/password" \
    --database "$RELAY_DATABASE_URL" --subscribers "$SUBSCRIBERS" --events "$EVENTS" --rate "$RATE" \
    --stalled "$STALLED" --pids "$pids"
