#!/usr/bin/env bash
# Builds the relay-agent Debian package with Debian's own tools (dpkg-shlibdeps for the dependencies,
# dpkg-deb under fakeroot), then runs lintian on it when lintian is installed.
#
#   bash scripts/package-agent.sh [--version 0.1.0-1] [--out DIR] [--binary PATH]
#
# The binary is a release build with the Swift runtime linked in (--static-swift-stdlib, in its own
# scratch path .build/static), so the package needs only Debian's libraries (libturbojpeg0, libheif1,
# libexif12, libsystemd0, libcurl4, …, found by dpkg-shlibdeps). Contents:
#   /usr/bin/relay-agent                        the daemon and its CLI (stripped)
#   /lib/systemd/system/relay-agent.service     systemd/relay-agent.service, ExecStart=/usr/bin/relay-agent
#   /lib/systemd/system/relay-agent-status.service  the optional local status page (not enabled)
#   /etc/relay-agent/agent.json                 systemd/agent.example.json (a conffile: kept on upgrade)
#   /usr/share/doc/relay-agent/                 copyright, changelog.Debian.gz
#   /usr/share/man/man1/relay-agent.1.gz, lintian overrides (packaging/deb)
#   maintainer scripts (packaging/deb)          relay-agent system user and /var/lib/relay-agent (0700)
#                                               in postinst; enabled on install, restarted on upgrade,
#                                               stopped on removal; the state removed on purge only
# Prints the path of the .deb last.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
VERSION="" OUT="$PWD/.build/deb" BINARY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --version) VERSION="${2:?}"; shift 2 ;;
        --out) OUT="${2:?}"; shift 2 ;;
        --binary) BINARY="${2:?}"; shift 2 ;;
        -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "package-agent: unknown option $1" >&2; exit 2 ;;
    esac
done
say() { printf 'package-agent: %s\n' "$*" >&2; }
for tool in dpkg-deb dpkg-shlibdeps fakeroot; do
    command -v "$tool" >/dev/null 2>&1 || { echo "package-agent: $tool is missing (apt-get install dpkg-dev fakeroot)" >&2; exit 2; }
done
if [ -z "$VERSION" ]; then
    VERSION="$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Shared/RelayAPI/RelayVersion.swift)-1"
fi
[[ "$VERSION" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || { echo "package-agent: bad version $VERSION" >&2; exit 2; }
if [ -z "$BINARY" ]; then
    say "release build with the Swift runtime linked in (.build/static)"
    swift build -c release --product relay-agent --static-swift-stdlib --scratch-path .build/static >&2
    BINARY="$(swift build -c release --static-swift-stdlib --scratch-path .build/static --show-bin-path)/relay-agent"
fi
[ -x "$BINARY" ] || { echo "package-agent: no binary at $BINARY" >&2; exit 2; }
# The runtime must not come from a Swift toolchain: the box has none.
if ldd "$BINARY" | grep -q 'swift'; then echo "package-agent: $BINARY links a Swift runtime library:" >&2; ldd "$BINARY" | grep swift >&2; exit 1; fi

WORK="$(mktemp -d /tmp/relay-deb.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/relay-agent_$VERSION"
install -d -m 0755 "$STAGE/DEBIAN" "$STAGE/usr/bin" "$STAGE/lib/systemd/system" "$STAGE/etc/relay-agent" \
    "$STAGE/usr/share/doc/relay-agent"
install -m 0755 "$BINARY" "$STAGE/usr/bin/relay-agent"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$STAGE/usr/bin/relay-agent"
for unit in relay-agent.service relay-agent-status.service; do
    sed 's#/usr/local/bin/relay-agent#/usr/bin/relay-agent#g' "systemd/$unit" >"$STAGE/lib/systemd/system/$unit"
    chmod 0644 "$STAGE/lib/systemd/system/$unit"
done
install -m 0644 systemd/agent.example.json "$STAGE/etc/relay-agent/agent.json"
install -m 0644 packaging/deb/copyright "$STAGE/usr/share/doc/relay-agent/copyright"
install -d -m 0755 "$STAGE/usr/share/man/man1" "$STAGE/usr/share/lintian/overrides"
gzip -9n <packaging/deb/relay-agent.1 >"$STAGE/usr/share/man/man1/relay-agent.1.gz"
install -m 0644 packaging/deb/lintian-overrides "$STAGE/usr/share/lintian/overrides/relay-agent"
chmod 0644 "$STAGE/usr/share/man/man1/relay-agent.1.gz"
{
    printf 'relay-agent (%s) stable; urgency=medium\n\n  * Release %s of the Relay studio agent.\n\n' "$VERSION" "$VERSION"
    printf ' -- Relay maintainers <maintainers@relay.invalid>  %s\n' "$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")"
} | gzip -9n >"$STAGE/usr/share/doc/relay-agent/changelog.Debian.gz"
chmod 0644 "$STAGE/usr/share/doc/relay-agent/changelog.Debian.gz"
for script in postinst prerm postrm; do install -m 0755 "packaging/deb/$script" "$STAGE/DEBIAN/$script"; done
printf '/etc/relay-agent/agent.json\n' >"$STAGE/DEBIAN/conffiles"

# Dependencies: what the binary links, as Debian's shlibs files name the packages.
mkdir -p "$WORK/src/debian"
printf 'Source: relay-agent\n\nPackage: relay-agent\nArchitecture: amd64\n' >"$WORK/src/debian/control"
SHLIBS="$(cd "$WORK/src" && dpkg-shlibdeps -O -e"$STAGE/usr/bin/relay-agent" 2>"$WORK/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p')"
[ -n "$SHLIBS" ] || { cat "$WORK/shlibdeps.log" >&2; echo "package-agent: dpkg-shlibdeps found nothing" >&2; exit 1; }
SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@SHLIBS@/$SHLIBS/" -e "s/@SIZE@/$SIZE/" packaging/deb/control.in >"$STAGE/DEBIAN/control"
(cd "$STAGE" && find usr lib etc -type f -exec md5sum {} +) >"$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/conffiles" "$STAGE/DEBIAN/md5sums"

mkdir -p "$OUT"
DEB="$OUT/relay-agent_${VERSION}_amd64.deb"
fakeroot dpkg-deb --build -Zxz --root-owner-group "$STAGE" "$DEB" >&2
say "built $(du -h "$DEB" | cut -f1) $DEB"
say "depends: $SHLIBS, adduser, init-system-helpers"
if command -v lintian >/dev/null 2>&1; then
    say "lintian (overridden tags are explained in packaging/deb/lintian-overrides):"
    lintian --tag-display-limit 0 "$DEB" >&2 || true
fi
echo "$DEB"
