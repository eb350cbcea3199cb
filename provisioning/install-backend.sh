#!/usr/bin/env bash
# Installs relay-backend on a Debian 12 box as a systemd service.
#
#   sudo provisioning/install-backend.sh            # build (release), install, enable, start
#
# What it does: installs build/runtime dependencies (scripts/install-deps.sh), builds relay-backend in
# release mode, creates the `relay` system user and /var/lib/relay (0750), installs the binary to
# /usr/local/bin, writes /etc/relay/backend.env if absent (defaults: SQLite + local disk), installs the
# systemd units and starts relay-backend. Re-running upgrades the binary and restarts the service.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

bash scripts/install-deps.sh
swift build -c release --product relay-backend
BIN="$(swift build -c release --show-bin-path)/relay-backend"

id relay >/dev/null 2>&1 || useradd --system --home-dir /var/lib/relay --shell /usr/sbin/nologin relay
install -d -o relay -g relay -m 0750 /var/lib/relay
install -d -m 0755 /etc/relay
install -m 0755 "$BIN" /usr/local/bin/relay-backend
if [ ! -f /etc/relay/backend.env ]; then
    cat >/etc/relay/backend.env <<'ENV'
# Relay backend configuration (see README "Configuration"). Defaults: SQLite + local disk in /var/lib/relay.
RELAY_HOST=127.0.0.1
RELAY_PORT=8080
# RELAY_PUBLIC_URL=https://relay.example.com
# RELAY_DATABASE_URL=postgres://relay:password@127.0.0.1:5432/relay
# RELAY_BLOB_STORE=s3
# RELAY_S3_ENDPOINT=https://s3.example.com
# RELAY_S3_BUCKET=relay
# RELAY_S3_ACCESS_KEY_ID=...
# RELAY_S3_SECRET_ACCESS_KEY=...
ENV
    chmod 0640 /etc/relay/backend.env
    chgrp relay /etc/relay/backend.env
fi
install -m 0644 systemd/relay-backend.service systemd/relay-worker.service /etc/systemd/system/
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable relay-backend.service
    systemctl restart relay-backend.service
    systemctl --no-pager status relay-backend.service || true
else
    echo "systemd is not running here: units installed in /etc/systemd/system, start them on the target box" >&2
fi
