#!/usr/bin/env bash
# Relay's demo command (the one the README names): the whole loop on this machine, studio box →
# backend → reviewer app, in one command.
#
#   scripts/demo.sh
#
# 1. installs what is missing and builds relay-backend and relay-agent;
# 2. migrates a local data dir and, the first time, creates a demo org, site, admin and enrollment key;
# 3. serves the backend (SQLite + local disk) with the reviewer app at http://RELAY_HOST:RELAY_PORT/;
# 4. enrolls a relay-agent on this machine with a watch folder and a recording folder under the data dir
#    and runs it;
# 5. drops in sample captures it generates (scripts/demo_feed.py): a 24-frame spin with one blurred and
#    one dark frame, two stills, a 3-camera recording with known offsets (sync computed, waiting for a
#    reviewer), a short video, and a master/dub pair for the analyzer; then prints the app's URL and
#    the login.
# Ctrl-C stops everything it started.
#
# Environment:
#   RELAY_BUILD_CONFIG   debug (default) or release
#   RELAY_DATA_DIR       data dir (default ./data, relative to the repo root)
#   RELAY_HOST           listen address (default 127.0.0.1)
#   RELAY_PORT           listen port (default 8080)
#   RELAY_DEMO_SAMPLES   1 (default) to feed the sample captures, 0 for an empty backend
#   RELAY_DEMO_SKIP_DEPS 1 to skip scripts/install-deps.sh (the test run has done it)
#
# The demo credentials (ids, admin e-mail + password, enrollment key) are written
# once to $RELAY_DATA_DIR/demo-credentials.txt (mode 600); delete that file (or the
# whole data dir) to create a fresh set. When the samples have landed, the ids and the
# recording's true offsets are in $RELAY_DATA_DIR/demo-ready.json. Logs: $RELAY_DATA_DIR/logs/.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

CONFIG="${RELAY_BUILD_CONFIG:-debug}"
DATA_DIR="${RELAY_DATA_DIR:-./data}"
export RELAY_HOST="${RELAY_HOST:-127.0.0.1}"
export RELAY_PORT="${RELAY_PORT:-8080}"
CREDS="$DATA_DIR/demo-credentials.txt"

log() { printf '[demo] %s\n' "$*" >&2; }
die() { printf '[demo] ERROR: %s\n' "$*" >&2; exit 1; }

# 1. Dependencies.
if [ "${RELAY_DEMO_SKIP_DEPS:-0}" != 1 ]; then bash "$REPO_ROOT/scripts/install-deps.sh"; fi

# 2. Build.
log "building relay-backend and relay-agent ($CONFIG)"
swift build -c "$CONFIG" --product relay-backend
swift build -c "$CONFIG" --product relay-agent
BIN="$(swift build -c "$CONFIG" --show-bin-path)/relay-backend"
AGENT_BIN="$(swift build -c "$CONFIG" --show-bin-path)/relay-agent"
[ -x "$BIN" ] || die "built binary not found at $BIN"
[ -x "$AGENT_BIN" ] || die "built binary not found at $AGENT_BIN"

# 3. Migrate (idempotent).
mkdir -p "$DATA_DIR"
log "migrating $DATA_DIR"
"$BIN" migrate --data-dir "$DATA_DIR"

# last_line CMD...: runs CMD and prints the last non-empty line of its stdout
# (the id), so any informational lines before it don't matter.
last_line() {
    local out
    out="$("$@")" || return 1
    printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]'
}

# 4. Demo org / site / admin / enrollment key, once.
if [ -f "$CREDS" ]; then
    log "demo credentials already exist: $CREDS"
else
    log "creating demo org, site, admin user and enrollment key"
    ADMIN_EMAIL="admin@demo.relay.test"
    ADMIN_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"

    ORG_ID="$(last_line "$BIN" admin create-org --name "Demo Org" --data-dir "$DATA_DIR")"
    [ -n "$ORG_ID" ] || die "create-org printed no id"
    SITE_ID="$(last_line "$BIN" admin create-site --org "$ORG_ID" --name "Demo Site" --data-dir "$DATA_DIR")"
    [ -n "$SITE_ID" ] || die "create-site printed no id"
    USER_ID="$(printf '%s\n' "$ADMIN_PASSWORD" | last_line "$BIN" admin create-user --org "$ORG_ID" \
        --email "$ADMIN_EMAIL" --name "Demo Admin" --role admin --password-stdin --data-dir "$DATA_DIR")"
    [ -n "$USER_ID" ] || die "create-user printed no id"
    KEY_OUT="$("$BIN" admin create-enrollment-key --org "$ORG_ID" --site "$SITE_ID" \
        --uses 10 --expires-in-days 30 --data-dir "$DATA_DIR")"
    KEY_ID="$(printf '%s\n' "$KEY_OUT" | sed -n 's/^id:[[:space:]]*//p' | tail -n 1)"
    KEY_SECRET="$(printf '%s\n' "$KEY_OUT" | sed -n 's/^key:[[:space:]]*//p' | tail -n 1)"
    [ -n "$KEY_ID" ] && [ -n "$KEY_SECRET" ] \
        || die "create-enrollment-key output not understood (expected 'id: ...' and 'key: ...'): $KEY_OUT"

    # Write atomically, readable only by us: it holds a password and a secret key.
    umask 077
    cat >"$CREDS.tmp" <<EOF
# Relay demo credentials, created $(date -u +%FT%TZ) by scripts/demo.sh
org_id: $ORG_ID
site_id: $SITE_ID
admin_user_id: $USER_ID
admin_email: $ADMIN_EMAIL
admin_password: $ADMIN_PASSWORD
enrollment_key_id: $KEY_ID
enrollment_key: $KEY_SECRET
EOF
    mv "$CREDS.tmp" "$CREDS"
    umask 022
    log "demo credentials written to $CREDS"
fi
cat "$CREDS" >&2

# 5. Serve, in the background; everything started here stops with this script.
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
CREDS="$DATA_DIR/demo-credentials.txt"
LOGS="$DATA_DIR/logs"
mkdir -p "$LOGS"
BASE="http://$RELAY_HOST:$RELAY_PORT"
CHILDREN=()
stop_all() {
    trap - INT TERM EXIT
    local pid
    for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
    log "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

"$BIN" serve --data-dir "$DATA_DIR" --host "$RELAY_HOST" --port "$RELAY_PORT" >>"$LOGS/backend.log" 2>&1 &
CHILDREN+=($!)
for _ in $(seq 1 600); do
    curl -fsS "$BASE/v1/ready" >/dev/null 2>&1 && break
    kill -0 "${CHILDREN[0]}" 2>/dev/null || die "relay-backend exited (see $LOGS/backend.log)"
    sleep 0.1
done
curl -fsS "$BASE/v1/ready" >/dev/null || die "relay-backend did not become ready (see $LOGS/backend.log)"
log "relay-backend serving on $BASE (log: $LOGS/backend.log)"

if [ "${RELAY_DEMO_SAMPLES:-1}" = 1 ]; then
    # 6. A studio box on this machine: enrolled once, then run with its folders under the data dir.
    cred() { sed -n "s/^$1:[[:space:]]*//p" "$CREDS" | tail -n 1; }
    AGENT_DIR="$DATA_DIR/demo-agent"
    mkdir -p "$AGENT_DIR/state" "$AGENT_DIR/watch" "$AGENT_DIR/recordings"
    chmod 700 "$AGENT_DIR/state"
    cat >"$AGENT_DIR/agent.json" <<EOF
{
  "state_dir": "$AGENT_DIR/state",
  "watch_folders": ["$AGENT_DIR/watch"],
  "recording_folders": ["$AGENT_DIR/recordings"],
  "project_id": "demo-church",
  "session_mode": "studio360",
  "frame_count": 24,
  "settle_seconds": 1,
  "rescan_seconds": 10,
  "heartbeat_seconds": 60
}
EOF
    if [ ! -f "$AGENT_DIR/state/credentials.json" ]; then
        log "enrolling relay-agent"
        RELAY_ENROLLMENT_KEY="$(cred enrollment_key)" "$AGENT_BIN" enroll --server "$BASE" --org "$(cred org_id)" \
            --site "$(cred site_id)" --state-dir "$AGENT_DIR/state" --model "Demo studio box" >>"$LOGS/agent.log" 2>&1 \
            || die "enrollment failed (see $LOGS/agent.log)"
    fi
    "$AGENT_BIN" run --config "$AGENT_DIR/agent.json" >>"$LOGS/agent.log" 2>&1 &
    CHILDREN+=($!)
    log "relay-agent watching $AGENT_DIR/watch and $AGENT_DIR/recordings (log: $LOGS/agent.log)"

    # 7. Sample captures: the agent takes the spin and the recording, the API the stills and the video.
    log "feeding sample captures (about a minute)"
    python3 "$REPO_ROOT/scripts/demo_feed.py" --base "$BASE" --credentials "$CREDS" --watch "$AGENT_DIR/watch" \
        --recordings "$AGENT_DIR/recordings" --media "$DATA_DIR/media" --ready-file "$DATA_DIR/demo-ready.json" \
        2>>"$LOGS/feed.log" &
    FEED=$!
    CHILDREN+=($FEED)
    if wait "$FEED"; then
        log "samples ready: $DATA_DIR/demo-ready.json"
    else
        log "the sample feed failed (see $LOGS/feed.log); the backend keeps serving"
    fi
fi

cat >&2 <<EOF

  Relay is running.  Open $BASE/ and sign in:
    e-mail:   $(sed -n 's/^admin_email:[[:space:]]*//p' "$CREDS")
    password: $(sed -n 's/^admin_password:[[:space:]]*//p' "$CREDS")
EOF
if [ -f "$DATA_DIR/demo-ready.json" ]; then
    printf '  Capture sessions: the spin with its flagged frames.  Recordings: sync review.  Videos: playback.\n' >&2
fi
printf '  Ctrl-C stops everything.\n' >&2
echo "demo ready: $BASE/"
wait "${CHILDREN[0]}"
