#!/usr/bin/env bash
# The reviewer web app in a real browser, through the demo itself:
#
#   scripts/browser-test.sh [ARTIFACTS_DIR]
#
# Runs scripts/demo.sh (built binaries, fresh data dir, free loopback port) the way a person would, waits
# for its sample captures, drives the app in headless Chromium with chromedriver (Debian's `chromium`,
# `chromium-driver`; Selenium from PyPI) — sign-in, spin viewer, publish, sync review and approve, HLS
# playback, another org's link, CSP and console errors — then stops the demo with Ctrl-C (SIGINT to its
# process group) and checks nothing it started is left. Then "Sign in with …" against a real OpenID
# Provider (Tests/browser/oidc_test.py, oidc-provider-mock). Screenshots of every page and the demo's logs go
# to ARTIFACTS_DIR (default .build/artifacts/browser). Needs `swift build` done (scripts/test.sh does it).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
ARTIFACTS="${1:-$REPO_ROOT/.build/artifacts/browser}"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
status=0
python3 "$REPO_ROOT/Tests/browser/demo_browser_check.py" --artifacts "$ARTIFACTS" || status=1
# "Sign in with …" against a real OpenID Provider (oidc-provider-mock from PyPI), on its own backend.
python3 "$REPO_ROOT/Tests/browser/oidc_test.py" --backend "$(swift build --show-bin-path)/relay-backend" \
    --screenshots "$ARTIFACTS" || status=1
exit "$status"
