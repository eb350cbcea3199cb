#!/usr/bin/env bash
# Takes a Debian 12 box to a running, enrolled relay-agent. Idempotent: re-running upgrades the binary,
# keeps the configuration and the credentials, and restarts the service.
#
#   sudo RELAY_ENROLLMENT_KEY=rk_… provisioning/install-agent.sh \
#       --server https://relay.example.com --org ORG_ID --site SITE_ID --watch /srv/capture
#
# Options:
#   --server URL --org ID [--site ID]   where to enroll (the key comes from RELAY_ENROLLMENT_KEY or --key)
#   --watch DIR                          a capture folder (repeatable; default /srv/capture unless
#                                        --recordings is given)
#   --recordings DIR --project ID        a recording folder for multi-camera videos (repeatable), and
#                                        the project its sessions belong to
#   --delete-originals-after-hours N     delete uploaded files N hours after the backend acknowledged
#                                        their bytes (0: at once); default: keep every file
#   --deb PATH                           install this relay-agent .deb (default on a real install: built
#                                        by scripts/package-agent.sh); the package brings the binary
#                                        (/usr/bin), the unit, the user, the state directory and the
#                                        runtime libraries
#   --binary PATH                        copy this relay-agent binary to /usr/local/bin instead of the
#                                        package (development; with --root the binary is always copied)
#   --root DIR                           install under DIR instead of / (for tests and image building:
#                                        no apt, no user creation, no systemctl, no enrollment)
#   --skip-enroll                        install only; enroll later with `relay-agent enroll`
#   --dry-run                            print every step, change nothing
#
# Steps: the relay-agent .deb (apt: it pulls the runtime libraries, creates the system user
# `relay-agent` and /var/lib/relay-agent 0700, installs the unit) — or, with --binary/--root, the runtime
# packages, the user, the directories, the binary in /usr/local/bin and the unit copied by hand —; watch
# folders (group relay-agent, setgid, 2775 so tethering software and the agent share them),
# /etc/relay-agent/agent.json (written once: the package's untouched example is replaced, an edited one
# kept), a drop-in giving the unit the watch folders, enrollment (as the agent user, credentials 0600),
# enable and start.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

SERVER="" ORG="" SITE="" KEY="${RELAY_ENROLLMENT_KEY:-}" BINARY="" DEB="" ROOT="" DRY_RUN=0 SKIP_ENROLL=0
WATCH=() RECORDINGS=() PROJECT="" DELETE_AFTER=""
die() { printf 'install-agent: error: %s\n' "$*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --server) SERVER="${2:?}"; shift 2 ;;
        --org) ORG="${2:?}"; shift 2 ;;
        --site) SITE="${2:?}"; shift 2 ;;
        --key) KEY="${2:?}"; shift 2 ;;
        --watch) WATCH+=("${2:?}"); shift 2 ;;
        --recordings) RECORDINGS+=("${2:?}"); shift 2 ;;
        --project) PROJECT="${2:?}"; shift 2 ;;
        --delete-originals-after-hours) DELETE_AFTER="${2:?}"; shift 2 ;;
        --binary) BINARY="${2:?}"; shift 2 ;;
        --deb) DEB="${2:?}"; shift 2 ;;
        --root) ROOT="${2:?}"; shift 2 ;;
        --skip-enroll) SKIP_ENROLL=1; shift ;;
        --dry-run) DRY_RUN=1; shift ;;
        -h|--help) sed -n '2,33p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
[ ${#WATCH[@]} -gt 0 ] || [ ${#RECORDINGS[@]} -gt 0 ] || WATCH=(/srv/capture)
for dir in "${WATCH[@]}" "${RECORDINGS[@]}"; do
    case "$dir" in /*) ;; *) die "--watch/--recordings need an absolute path: $dir" ;; esac
    case "$dir" in *..*|*[[:space:]]*) die "--watch/--recordings path must not contain '..' or spaces: $dir" ;; esac
done
if [ ${#RECORDINGS[@]} -gt 0 ]; then
    [[ "$PROJECT" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "--recordings needs --project ID (1-64 of A-Z a-z 0-9 . _ -)"
fi
[ -z "$DELETE_AFTER" ] || [[ "$DELETE_AFTER" =~ ^[0-9]{1,5}$ ]] || die "--delete-originals-after-hours needs whole hours (0-87600): $DELETE_AFTER"
[ -z "$DELETE_AFTER" ] || [ "$DELETE_AFTER" -le 87600 ] || die "--delete-originals-after-hours needs whole hours (0-87600): $DELETE_AFTER"
FOLDERS=("${WATCH[@]}" "${RECORDINGS[@]}")
for value in "$ORG" "$SITE"; do
    [[ "$value" =~ ^[A-Za-z0-9-]*$ ]] || die "--org/--site must be ids (letters, digits, '-'): $value"
done
if [ -n "$ROOT" ]; then
    case "$ROOT" in /*) ;; *) die "--root needs an absolute path" ;; esac
    [ "$ROOT" != "/" ] || ROOT=""
fi
if [ "$SKIP_ENROLL" = 0 ] && [ -z "$ROOT" ]; then
    [ -n "$SERVER" ] && [ -n "$ORG" ] || die "--server and --org are required to enroll (or --skip-enroll)"
    [ -n "$KEY" ] || die "set RELAY_ENROLLMENT_KEY (or --key) to enroll (or --skip-enroll)"
fi
if [ "$DRY_RUN" = 0 ] && [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then die "run as root (or --dry-run / --root DIR)"; fi

# run CMD…: does it, or prints it under --dry-run.
run() {
    if [ "$DRY_RUN" = 1 ]; then printf 'would run: %s\n' "$*"; else "$@"; fi
}
say() { printf 'install-agent: %s\n' "$*"; }

# The package, unless a binary is copied by hand (--binary) or the install goes under --root.
USE_DEB=0
if [ -z "$ROOT" ] && [ -z "$BINARY" ]; then USE_DEB=1; fi
[ -z "$DEB" ] || [ "$USE_DEB" = 1 ] || die "--deb does not go with --binary or --root"
AGENT_BIN=/usr/local/bin/relay-agent
if [ "$USE_DEB" = 1 ]; then
    AGENT_BIN=/usr/bin/relay-agent
    if [ -z "$DEB" ]; then
        if [ "$DRY_RUN" = 1 ]; then
            DEB="$REPO_ROOT/.build/deb/relay-agent.deb"
            printf 'would run: bash scripts/package-agent.sh\n'
        else
            # Building the package needs dpkg-dev and fakeroot (not on a minimal box).
            if ! command -v dpkg-shlibdeps >/dev/null 2>&1 || ! command -v fakeroot >/dev/null 2>&1; then
                run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev fakeroot
            fi
            DEB="$(bash "$REPO_ROOT/scripts/package-agent.sh" | tail -1)"
        fi
    fi
    [ "$DRY_RUN" = 1 ] || [ -f "$DEB" ] || die "no package at $DEB"
    case "$DEB" in /*) ;; *) DEB="$PWD/$DEB" ;; esac
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold "$DEB"
fi

# 1. Runtime packages (the binary links these).
if [ -z "$ROOT" ] && [ "$USE_DEB" = 0 ]; then
    PACKAGES=(libturbojpeg0 libheif1 libexif12 libsystemd0 libsqlite3-0 libcurl4 ca-certificates)
    missing=()
    for pkg in "${PACKAGES[@]}"; do
        [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        say "packages: all present"
    fi
fi

# 2. The binary.
if [ -z "$BINARY" ] && [ "$USE_DEB" = 0 ]; then
    if [ "$DRY_RUN" = 1 ]; then
        BINARY="$REPO_ROOT/.build/release/relay-agent"
        printf 'would run: swift build -c release --product relay-agent\n'
    else
        (cd "$REPO_ROOT" && swift build -c release --product relay-agent >&2)
        BINARY="$(cd "$REPO_ROOT" && swift build -c release --show-bin-path)/relay-agent"
    fi
fi
[ "$DRY_RUN" = 1 ] || [ "$USE_DEB" = 1 ] || [ -x "$BINARY" ] || die "no relay-agent binary at $BINARY"

# 3. User, directories.
OWNER=()
if [ -z "$ROOT" ]; then
    if ! id relay-agent >/dev/null 2>&1; then
        run useradd --system --user-group --home-dir /var/lib/relay-agent --shell /usr/sbin/nologin relay-agent
    fi
    OWNER=(-o relay-agent -g relay-agent)
fi
run install -d -m 0700 "${OWNER[@]}" "$ROOT/var/lib/relay-agent"
run install -d -m 0755 "$ROOT/etc/relay-agent" "$ROOT/etc/systemd/system/relay-agent.service.d"
[ "$USE_DEB" = 1 ] || run install -d -m 0755 "$ROOT/usr/local/bin"
for dir in "${FOLDERS[@]}"; do
    if [ -z "$ROOT" ]; then
        run install -d -m 2775 -g relay-agent "$dir"
    else
        run install -d -m 2775 "$ROOT$dir"
    fi
done
[ "$USE_DEB" = 1 ] || run install -m 0755 "$BINARY" "$ROOT/usr/local/bin/relay-agent"

# 4. Configuration (written once: an operator's edits survive re-provisioning).
CONFIG="$ROOT/etc/relay-agent/agent.json"
# The package's example, untouched (its checksum is the conffile's), is not an operator's: replace it.
if [ "$USE_DEB" = 1 ] && [ -f "$CONFIG" ]; then
    shipped="$(dpkg-query -W -f='${Conffiles}' relay-agent 2>/dev/null | awk '$1 == "/etc/relay-agent/agent.json" { print $2 }')"
    if [ -n "$shipped" ] && [ "$(md5sum <"$CONFIG" | cut -d' ' -f1)" = "$shipped" ]; then run rm -f "$CONFIG"; fi
fi
if [ -f "$CONFIG" ]; then
    say "keeping $CONFIG"
    if [ -n "$DELETE_AFTER" ] && ! grep -Eq "\"delete_originals_after_hours\": *$((10#$DELETE_AFTER))([^0-9.]|$)" "$CONFIG"; then
        say "warning: --delete-originals-after-hours $DELETE_AFTER is not applied: the existing $CONFIG is kept; set \"delete_originals_after_hours\" there and restart relay-agent"
    fi
else
    json="{\n"
    if [ ${#WATCH[@]} -gt 0 ]; then
        folders="$(printf '"%s", ' "${WATCH[@]}")"
        json+="  \"watch_folders\": [${folders%, }],\n"
    fi
    if [ ${#RECORDINGS[@]} -gt 0 ]; then
        folders="$(printf '"%s", ' "${RECORDINGS[@]}")"
        json+="  \"recording_folders\": [${folders%, }],\n  \"project_id\": \"$PROJECT\",\n"
    fi
    [ -z "$DELETE_AFTER" ] || json+="  \"delete_originals_after_hours\": $((10#$DELETE_AFTER)),\n"
    json+="  \"state_dir\": \"/var/lib/relay-agent\"${SITE:+,\n  \"site_id\": \"$SITE\"}\n}\n"
    if [ "$DRY_RUN" = 1 ]; then
        printf 'would write %s:\n' "$CONFIG"; printf "$json"
    else
        umask 022; printf "$json" >"$CONFIG.tmp" && mv "$CONFIG.tmp" "$CONFIG"
    fi
fi

# 5. systemd unit and the drop-in with the watch folders.
[ "$USE_DEB" = 1 ] || run install -m 0644 "$REPO_ROOT/systemd/relay-agent.service" "$ROOT/etc/systemd/system/relay-agent.service"
# The optional local status page (systemctl enable --now relay-agent-status); the package ships it too.
[ "$USE_DEB" = 1 ] || run install -m 0644 "$REPO_ROOT/systemd/relay-agent-status.service" "$ROOT/etc/systemd/system/relay-agent-status.service"
DROPIN="$ROOT/etc/systemd/system/relay-agent.service.d/watch-folders.conf"
dropin="# Written by provisioning/install-agent.sh: the agent may write its watch folders.\n[Service]\nReadWritePaths=${FOLDERS[*]}\n"
if [ "$DRY_RUN" = 1 ]; then printf 'would write %s:\n' "$DROPIN"; printf "$dropin"; else printf "$dropin" >"$DROPIN"; fi

# 6. Enrollment (once), as the agent user so the credentials belong to it.
if [ -n "$ROOT" ] || [ "$SKIP_ENROLL" = 1 ]; then
    say "not enrolling (--root/--skip-enroll): run \`relay-agent enroll\` as relay-agent on the box"
elif [ -f /var/lib/relay-agent/credentials.json ]; then
    say "already enrolled (/var/lib/relay-agent/credentials.json kept)"
else
    site_args=()
    [ -z "$SITE" ] || site_args=(--site "$SITE")
    run runuser -u relay-agent -- env RELAY_ENROLLMENT_KEY="$KEY" "$AGENT_BIN" enroll \
        --server "$SERVER" --org "$ORG" "${site_args[@]}" --state-dir /var/lib/relay-agent
fi

# 7. Enable and start.
if [ -n "$ROOT" ]; then
    say "installed under $ROOT (systemctl skipped)"
elif command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
    run systemctl enable relay-agent.service
    run systemctl restart relay-agent.service
    [ "$DRY_RUN" = 1 ] || systemctl --no-pager status relay-agent.service || true
else
    say "systemd is not running here: the unit is installed; start it on the target box"
fi
say "done"
