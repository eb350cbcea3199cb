#!/usr/bin/env bash
# Relay's demo command (the one the README names): builds the backend, migrates
# a local data dir, creates a demo org / site / admin / enrollment key the first
# time, and serves.
#
#   scripts/demo.sh
#
# Environment:
#   RELAY_BUILD_CONFIG  debug (default) or release
#   RELAY_DATA_DIR      data dir (default ./data, relative to the repo root)
#   RELAY_HOST          listen address (default 127.0.0.1)
#   RELAY_PORT          listen port (default 8080)
#
# The demo credentials (ids, admin e-mail + password, enrollment key) are written
# once to $RELAY_DATA_DIR/demo-credentials.txt (mode 600); delete that file (or the
# whole data dir) to create a fresh set.
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
bash "$REPO_ROOT/scripts/install-deps.sh"

# 2. Build.
log "building relay-backend ($CONFIG)"
swift build -c "$CONFIG" --product relay-backend
BIN="$(swift build -c "$CONFIG" --show-bin-path)/relay-backend"
[ -x "$BIN" ] || die "built binary not found at $BIN"

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

# 5. Serve (replaces this shell).
log "serving on http://$RELAY_HOST:$RELAY_PORT (Ctrl-C to stop)"
exec "$BIN" serve --data-dir "$DATA_DIR" --host "$RELAY_HOST" --port "$RELAY_PORT"
