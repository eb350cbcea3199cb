#!/usr/bin/env bash
# Installs relay-backend on a Debian 12 box as systemd services. Idempotent: re-running upgrades the
# binary, keeps the configuration and restarts what runs.
#
#   sudo provisioning/install-backend.sh                      # one process: API + in-process worker,
#                                                             # SQLite + local disk in /var/lib/relay
#   sudo RELAY_S3_ACCESS_KEY_ID=… RELAY_S3_SECRET_ACCESS_KEY=… provisioning/install-backend.sh \
#       --role api+workers --workers 2 --database-url postgres://relay:…@db.internal/relay \
#       --s3-endpoint https://s3.internal --s3-bucket relay --public-url https://relay.example.com
#
# Options:
#   --role single|api|workers|api+workers   what runs on this box (default single):
#        single       relay-backend.service, with its in-process job worker
#        api          relay-backend.service with RELAY_WORKER=none (job workers run elsewhere)
#        workers      N relay-worker@K.service and no API
#        api+workers  both on this box
#   --workers N                 worker processes for the workers roles (default 2)
#   --database-url URL          PostgreSQL (postgres://…); needed by every role but single
#   --s3-endpoint URL --s3-bucket B [--s3-region R]
#                               the S3 store (keys from RELAY_S3_ACCESS_KEY_ID / RELAY_S3_SECRET_ACCESS_KEY
#                               in the environment, never on the command line); needed when the API and
#                               the workers are on different boxes
#   --public-url URL --host H --port N    where the API listens and how clients reach it
#   --binary PATH               install this relay-backend instead of building one (release)
#   --root DIR                  install under DIR instead of / (tests and image building: no apt, no
#                               user, no systemctl)
#   --dry-run                   print every step, change nothing
#
# Steps: dependencies (scripts/install-deps.sh), the `relay` system user, /var/lib/relay (0750), the
# binary in /usr/local/bin, /etc/relay/backend.env (0640, written once: an operator's edits survive), the
# units (relay-backend.service, relay-worker@.service) plus a drop-in with this box's role, then enable
# and (re)start what the role runs and disable what it does not.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

ROLE=single WORKERS=2 DATABASE_URL="" S3_ENDPOINT="" S3_BUCKET="" S3_REGION="us-east-1" PUBLIC_URL="" HOST="" PORT=""
BINARY="" ROOT="" DRY_RUN=0
die() { printf 'install-backend: error: %s\n' "$*" >&2; exit 2; }
say() { printf 'install-backend: %s\n' "$*"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --role) ROLE="${2:?}"; shift 2 ;;
        --workers) WORKERS="${2:?}"; shift 2 ;;
        --database-url) DATABASE_URL="${2:?}"; shift 2 ;;
        --s3-endpoint) S3_ENDPOINT="${2:?}"; shift 2 ;;
        --s3-bucket) S3_BUCKET="${2:?}"; shift 2 ;;
        --s3-region) S3_REGION="${2:?}"; shift 2 ;;
        --public-url) PUBLIC_URL="${2:?}"; shift 2 ;;
        --host) HOST="${2:?}"; shift 2 ;;
        --port) PORT="${2:?}"; shift 2 ;;
        --binary) BINARY="${2:?}"; shift 2 ;;
        --root) ROOT="${2:?}"; shift 2 ;;
        --dry-run) DRY_RUN=1; shift ;;
        -h|--help) sed -n '2,31p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
case "$ROLE" in single|api|workers|api+workers) ;; *) die "--role must be single, api, workers or api+workers: $ROLE" ;; esac
[[ "$WORKERS" =~ ^[0-9]{1,2}$ ]] && [ "$WORKERS" -ge 1 ] && [ "$WORKERS" -le 64 ] || die "--workers needs 1-64: $WORKERS"
[ -z "$PORT" ] || { [[ "$PORT" =~ ^[0-9]{1,5}$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ]; } || die "--port needs 1-65535: $PORT"
[ -z "$HOST" ] || [[ "$HOST" =~ ^[A-Za-z0-9.:-]+$ ]] || die "--host must be an address or a name: $HOST"
for value in "$DATABASE_URL" "$S3_ENDPOINT" "$S3_BUCKET" "$S3_REGION" "$PUBLIC_URL"; do
    case "$value" in *[[:space:]\"\'\$\`\\]*) die "option values must not contain spaces, quotes, \$, \` or backslashes" ;; esac
done
[ -z "$DATABASE_URL" ] || [[ "$DATABASE_URL" =~ ^postgres(ql)?:// ]] || die "--database-url must be postgres://… (SQLite is the single role's default)"
[ -z "$PUBLIC_URL" ] || [[ "$PUBLIC_URL" =~ ^https?:// ]] || die "--public-url must be http(s)://…"
[ -z "$S3_ENDPOINT" ] || [[ "$S3_ENDPOINT" =~ ^https?:// ]] || die "--s3-endpoint must be http(s)://…"
if [ -n "$S3_ENDPOINT" ] || [ -n "$S3_BUCKET" ]; then
    [ -n "$S3_ENDPOINT" ] && [ -n "$S3_BUCKET" ] || die "--s3-endpoint and --s3-bucket go together"
    [ -n "${RELAY_S3_ACCESS_KEY_ID:-}" ] && [ -n "${RELAY_S3_SECRET_ACCESS_KEY:-}" ] \
        || die "set RELAY_S3_ACCESS_KEY_ID and RELAY_S3_SECRET_ACCESS_KEY in the environment for --s3-endpoint"
fi
if [ -n "$ROOT" ]; then
    case "$ROOT" in /*) ;; *) die "--root needs an absolute path" ;; esac
    [ "$ROOT" != "/" ] || ROOT=""
fi
ENV_FILE="$ROOT/etc/relay/backend.env"
# Every role but single shares one database among processes: PostgreSQL, given now or already configured.
if [ "$ROLE" != single ] && [ -z "$DATABASE_URL" ] && ! grep -Eq '^RELAY_DATABASE_URL=postgres' "$ENV_FILE" 2>/dev/null; then
    die "--role $ROLE runs processes that share a database: give --database-url postgres://… (SQLite is for --role single)"
fi
if [ "$DRY_RUN" = 0 ] && [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then die "run as root (or --dry-run / --root DIR)"; fi

run() {
    if [ "$DRY_RUN" = 1 ]; then printf 'would run: %s\n' "$*"; else "$@"; fi
}
# write FILE MODE TEXT: writes TEXT to FILE atomically, or prints it under --dry-run.
write() {
    if [ "$DRY_RUN" = 1 ]; then printf 'would write %s:\n%s' "$1" "$3"; return; fi
    printf '%s' "$3" >"$1.tmp" && chmod "$2" "$1.tmp" && mv "$1.tmp" "$1"
}

# 1. Dependencies and the binary.
if [ -z "$ROOT" ]; then run bash "$REPO_ROOT/scripts/install-deps.sh"; fi
if [ -z "$BINARY" ]; then
    if [ "$DRY_RUN" = 1 ]; then
        BINARY="$REPO_ROOT/.build/release/relay-backend"
        printf 'would run: swift build -c release --product relay-backend\n'
    else
        (cd "$REPO_ROOT" && swift build -c release --product relay-backend >&2)
        BINARY="$(cd "$REPO_ROOT" && swift build -c release --show-bin-path)/relay-backend"
    fi
fi
[ "$DRY_RUN" = 1 ] || [ -x "$BINARY" ] || die "no relay-backend binary at $BINARY"

# 2. User and directories.
OWNER=()
if [ -z "$ROOT" ]; then
    id relay >/dev/null 2>&1 || run useradd --system --user-group --home-dir /var/lib/relay --shell /usr/sbin/nologin relay
    OWNER=(-o relay -g relay)
fi
run install -d -m 0750 "${OWNER[@]}" "$ROOT/var/lib/relay"
run install -d -m 0755 "$ROOT/etc/relay" "$ROOT/etc/systemd/system/relay-backend.service.d" "$ROOT/usr/local/bin"
run install -m 0755 "$BINARY" "$ROOT/usr/local/bin/relay-backend"

# 3. Configuration, written once. The S3 keys come from the environment and go only into this 0640 file.
if [ -f "$ENV_FILE" ]; then
    say "keeping $ENV_FILE"
    [ -z "$DATABASE_URL$S3_ENDPOINT$PUBLIC_URL$HOST$PORT" ] \
        || say "warning: the options that configure the backend are not applied: the existing $ENV_FILE is kept; edit it and re-run"
else
    text="# Relay backend configuration (README \"Configuration\"), read by relay-backend and every relay-worker@.
# Written by provisioning/install-backend.sh; edits survive re-provisioning.
RELAY_HOST=${HOST:-127.0.0.1}
RELAY_PORT=${PORT:-8080}
"
    [ -z "$PUBLIC_URL" ] && text+="# RELAY_PUBLIC_URL=https://relay.example.com
" || text+="RELAY_PUBLIC_URL=$PUBLIC_URL
"
    [ -z "$DATABASE_URL" ] && text+="# RELAY_DATABASE_URL=postgres://relay:password@127.0.0.1:5432/relay   (default: SQLite in /var/lib/relay)
" || text+="RELAY_DATABASE_URL=$DATABASE_URL
"
    if [ -n "$S3_ENDPOINT" ]; then
        text+="RELAY_BLOB_STORE=s3
RELAY_S3_ENDPOINT=$S3_ENDPOINT
RELAY_S3_BUCKET=$S3_BUCKET
RELAY_S3_REGION=$S3_REGION
RELAY_S3_ACCESS_KEY_ID=$RELAY_S3_ACCESS_KEY_ID
RELAY_S3_SECRET_ACCESS_KEY=$RELAY_S3_SECRET_ACCESS_KEY
"
    else
        text+="# RELAY_BLOB_STORE=s3   (default: local disk in /var/lib/relay; S3 when workers run on other boxes)
"
    fi
    if [ "$DRY_RUN" = 1 ]; then
        printf 'would write %s (0640, group relay):\n%s' "$ENV_FILE" "$(sed 's/^RELAY_S3_SECRET_ACCESS_KEY=.*/RELAY_S3_SECRET_ACCESS_KEY=(hidden)/' <<<"$text")"
        echo
    else
        (umask 077; write "$ENV_FILE" 0640 "$text")
        [ -n "$ROOT" ] || chgrp relay "$ENV_FILE"
    fi
fi

# 4. Units, and a drop-in saying whether this box's API runs the job worker in-process.
run install -m 0644 "$REPO_ROOT/systemd/relay-backend.service" "$ROOT/etc/systemd/system/relay-backend.service"
run install -m 0644 "$REPO_ROOT/systemd/relay-worker@.service" "$ROOT/etc/systemd/system/relay-worker@.service"
if [ -f "$ROOT/etc/systemd/system/relay-worker.service" ]; then run rm -f "$ROOT/etc/systemd/system/relay-worker.service"; fi
case "$ROLE" in single) worker_mode=in-process ;; *) worker_mode=none ;; esac
write "$ROOT/etc/systemd/system/relay-backend.service.d/role.conf" 0644 "# Written by provisioning/install-backend.sh --role $ROLE.
[Service]
Environment=RELAY_WORKER=$worker_mode
"
API=0 WANTED_WORKERS=0
case "$ROLE" in
    single|api) API=1 ;;
    workers) WANTED_WORKERS="$WORKERS" ;;
    api+workers) API=1; WANTED_WORKERS="$WORKERS" ;;
esac
units=()
[ "$API" = 0 ] || units+=(relay-backend.service)
for i in $(seq 1 "$WANTED_WORKERS"); do units+=("relay-worker@$i.service"); done
say "role $ROLE: ${units[*]}"

# 5. Enable and (re)start the role's units; stop and disable the others (a role change, fewer workers).
if [ -n "$ROOT" ]; then
    # What `systemctl enable` would do, so an image built under --root boots into the role.
    wants="$ROOT/etc/systemd/system/multi-user.target.wants"
    run install -d -m 0755 "$wants"
    for link in "$wants"/relay-backend.service "$wants"/relay-worker@*.service; do
        [ -L "$link" ] && run rm -f "$link"
    done
    for unit in "${units[@]}"; do
        template="${unit/@[0-9]*.service/@.service}"
        run ln -sf "/etc/systemd/system/$template" "$wants/$unit"
    done
    say "installed under $ROOT (systemctl skipped)"
elif command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
    # The API migrates the schema first (its ExecStartPre); workers start after it.
    for unit in "${units[@]}"; do
        run systemctl enable "$unit"
        run systemctl restart "$unit"
    done
    for unit in relay-backend.service $(systemctl list-units --all --plain --no-legend 'relay-worker@*' | awk '{print $1}'); do
        printf '%s\n' "${units[@]}" | grep -qx "$unit" && continue
        run systemctl disable --now "$unit" 2>/dev/null || true
    done
    [ "$DRY_RUN" = 1 ] || systemctl --no-pager status "${units[@]}" || true
else
    say "systemd is not running here: the units are installed; enable ${units[*]} on the target box"
fi
say "done"
