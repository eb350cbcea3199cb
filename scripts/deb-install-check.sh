#!/usr/bin/env bash
# Installs, upgrades, removes and purges the relay-agent .deb in a clean Debian 12 made with debootstrap
# (a folder under /tmp, entered with chroot), and checks each step (issue 19's acceptance). Needs root
# and a Debian mirror (the machine's own apt source). Takes a few minutes: debootstrap, two package
# builds from one binary, apt inside the folder.
#
#   sudo bash scripts/deb-install-check.sh [--binary PATH]   (default: scripts/package-agent.sh builds it)
#   DEB_CHECK_KEEP=1   keep the debootstrap folder afterwards
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BINARY=""
[ "${1:-}" = "--binary" ] && BINARY="${2:?}"
[ "$(id -u)" = 0 ] || { echo "deb-install-check: needs root (debootstrap, chroot)" >&2; exit 2; }
for tool in debootstrap chroot; do
    command -v "$tool" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
done
MIRROR="$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
WORK="$(mktemp -d /tmp/relay-debcheck.XXXXXX)"
ROOT="$WORK/root"
cleanup() {
    for mount in proc sys dev/pts dev; do umount "$ROOT/$mount" 2>/dev/null || true; done
    [ "${DEB_CHECK_KEEP:-0}" = 1 ] && { echo "kept $ROOT"; return; }
    rm -rf "$WORK"
}
trap cleanup EXIT
FAILED=0
check() { # check DESCRIPTION COMMAND...: runs the command (in this shell), prints ok/FAIL
    local what="$1"; shift
    if "$@" >/dev/null 2>&1; then printf '  ok    %s\n' "$what"; else printf '  FAIL  %s\n' "$what"; FAILED=1; fi
}
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

# Two versions from one binary: an upgrade is a newer package of the same agent.
OUT="$WORK/debs"
if [ -z "$BINARY" ]; then
    FIRST="$(bash scripts/package-agent.sh --version 0.1.0-1 --out "$OUT" | tail -1)"
    BINARY_BUILT="$(swift build -c release --static-swift-stdlib --scratch-path .build/static --show-bin-path)/relay-agent"
    SECOND="$(bash scripts/package-agent.sh --version 0.1.0-2 --out "$OUT" --binary "$BINARY_BUILT" 2>/dev/null | tail -1)"
else
    FIRST="$(bash scripts/package-agent.sh --version 0.1.0-1 --out "$OUT" --binary "$BINARY" | tail -1)"
    SECOND="$(bash scripts/package-agent.sh --version 0.1.0-2 --out "$OUT" --binary "$BINARY" 2>/dev/null | tail -1)"
fi

started=$(date +%s)
echo "debootstrap bookworm (minbase) from $MIRROR into $ROOT"
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; exit 1; }
echo "  clean Debian in $(( $(date +%s) - started )) s: $(du -sh "$ROOT" | cut -f1), $(in_root dpkg-query -W | wc -l) packages"
mount -t proc proc "$ROOT/proc"
cp "$FIRST" "$SECOND" "$ROOT/tmp/"
in_root apt-get update -qq >/dev/null

echo "install $(basename "$FIRST")"
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$FIRST")" >"$WORK/install.log" 2>&1 || { tail -30 "$WORK/install.log"; exit 1; }
check "the binary runs on a machine without Swift: $(in_root relay-agent --version 2>&1 | head -1)" in_root relay-agent --version
check "relay-agent system user (nologin)" sh -c "chroot '$ROOT' getent passwd relay-agent | grep -q ':/usr/sbin/nologin$'"
check "/var/lib/relay-agent is 0700 relay-agent:relay-agent" sh -c "[ \"\$(chroot '$ROOT' stat -c '%a %U:%G' /var/lib/relay-agent)\" = '700 relay-agent:relay-agent' ]"
check "unit in /lib/systemd/system runs /usr/bin/relay-agent" grep -q '^ExecStart=/usr/bin/relay-agent run' "$ROOT/lib/systemd/system/relay-agent.service"
check "unit enabled (multi-user.target wants it)" test -L "$ROOT/etc/systemd/system/multi-user.target.wants/relay-agent.service"
check "the status page's unit shipped, on loopback, not enabled" sh -c "grep -q '^ExecStart=/usr/bin/relay-agent status --serve 127.0.0.1:8765' '$ROOT/lib/systemd/system/relay-agent-status.service' && test ! -L '$ROOT/etc/systemd/system/multi-user.target.wants/relay-agent-status.service'"
check "example configuration is a conffile" sh -c "chroot '$ROOT' dpkg-query -W -f='\${Conffiles}' relay-agent | grep -q /etc/relay-agent/agent.json"
check "relay-agent qc works inside (libjpeg-turbo, libheif from Debian)" sh -c "chroot '$ROOT' relay-agent qc --help"
check "relay-agent doctor answers without enrollment (exit 1, names it)" sh -c "! chroot '$ROOT' relay-agent doctor --config /etc/relay-agent/agent.json"

echo "an operator edits the configuration; the device has state"
sed -i 's#"/srv/capture"#"/srv/studio-a"#' "$ROOT/etc/relay-agent/agent.json"
echo '{"device_id":"kept-across-upgrade"}' >"$ROOT/var/lib/relay-agent/credentials.json"
# The operator turns the status page on (`systemctl enable` makes this link; no systemd runs in here).
ln -s /lib/systemd/system/relay-agent-status.service "$ROOT/etc/systemd/system/multi-user.target.wants/relay-agent-status.service"
echo "upgrade to $(basename "$SECOND")"
in_root apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef "/tmp/$(basename "$SECOND")" >"$WORK/upgrade.log" 2>&1 || { tail -30 "$WORK/upgrade.log"; exit 1; }
check "version is 0.1.0-2" sh -c "[ \"\$(chroot '$ROOT' dpkg-query -W -f='\${Version}' relay-agent)\" = 0.1.0-2 ]"
check "the edited configuration is kept" grep -q '/srv/studio-a' "$ROOT/etc/relay-agent/agent.json"
check "the state is kept" grep -q kept-across-upgrade "$ROOT/var/lib/relay-agent/credentials.json"
check "no dpkg-dist/dpkg-old copies" sh -c "! ls '$ROOT'/etc/relay-agent/*.dpkg-* 2>/dev/null"
check "the status page the operator enabled is still enabled" test -L "$ROOT/etc/systemd/system/multi-user.target.wants/relay-agent-status.service"

echo "remove"
in_root apt-get remove -y -qq relay-agent >"$WORK/remove.log" 2>&1 || { tail -30 "$WORK/remove.log"; exit 1; }
check "binary gone" test ! -e "$ROOT/usr/bin/relay-agent"
check "configuration kept (removed, not purged)" test -f "$ROOT/etc/relay-agent/agent.json"
check "state kept" test -f "$ROOT/var/lib/relay-agent/credentials.json"
check "package in state rc" sh -c "chroot '$ROOT' dpkg -l relay-agent | grep -q '^rc'"

echo "purge"
in_root apt-get purge -y -qq relay-agent >"$WORK/purge.log" 2>&1 || { tail -30 "$WORK/purge.log"; exit 1; }
check "configuration gone" test ! -e "$ROOT/etc/relay-agent/agent.json"
check "state gone" test ! -e "$ROOT/var/lib/relay-agent"
check "unit enablement gone" test ! -L "$ROOT/etc/systemd/system/multi-user.target.wants/relay-agent.service"
check "the status page's enablement gone (enabled before the upgrade, kept by it)" test ! -L "$ROOT/etc/systemd/system/multi-user.target.wants/relay-agent-status.service"
check "dpkg knows nothing of it" sh -c "! chroot '$ROOT' dpkg -s relay-agent"

echo "reinstall after purge (the kept user is reused)"
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$SECOND")" >"$WORK/reinstall.log" 2>&1 || { tail -30 "$WORK/reinstall.log"; exit 1; }
check "state directory back, 0700" sh -c "[ \"\$(chroot '$ROOT' stat -c '%a %U' /var/lib/relay-agent)\" = '700 relay-agent' ]"
echo "provisioning/install-agent.sh --deb (the documented path, enrollment left for later)"
cp provisioning/install-agent.sh "$ROOT/tmp/install-agent.sh"
in_root bash /tmp/install-agent.sh --deb "/tmp/$(basename "$SECOND")" --skip-enroll --watch /srv/studio-b >"$WORK/provision.log" 2>&1 || { tail -30 "$WORK/provision.log"; exit 1; }
check "the package's untouched example is replaced by a configuration naming the watch folder" grep -q '"/srv/studio-b"' "$ROOT/etc/relay-agent/agent.json"
check "watch folder 2775, group relay-agent" sh -c "[ \"\$(chroot '$ROOT' stat -c '%a %G' /srv/studio-b)\" = '2775 relay-agent' ]"
check "drop-in gives the unit the watch folder" grep -q '^ReadWritePaths=/srv/studio-b' "$ROOT/etc/systemd/system/relay-agent.service.d/watch-folders.conf"
check "the unit is the package's (none copied to /etc)" test ! -e "$ROOT/etc/systemd/system/relay-agent.service"
in_root bash /tmp/install-agent.sh --deb "/tmp/$(basename "$SECOND")" --skip-enroll --watch /srv/studio-c >"$WORK/provision2.log" 2>&1 || { tail -30 "$WORK/provision2.log"; exit 1; }
check "run again: the configuration written once is kept" sh -c "grep -q '/srv/studio-b' '$ROOT/etc/relay-agent/agent.json' && grep -q 'keeping /etc/relay-agent/agent.json' '$WORK/provision2.log'"
echo "package: $(du -h "$SECOND" | cut -f1) $(basename "$SECOND"); Depends: $(dpkg-deb -f "$SECOND" Depends)"
echo "total $(( $(date +%s) - started )) s"
[ "$FAILED" = 0 ] && echo "deb-install-check: all checks passed" || { echo "deb-install-check: FAILED"; exit 1; }
