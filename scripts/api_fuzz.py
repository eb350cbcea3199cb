#!/usr/bin/env python3
"""Helper of scripts/api-fuzz.sh (stdlib + `cryptography` only).

    api_fuzz.py tokens  --base URL --org ORG --email E --password-file F --enrollment-key K
        Logs the admin in (POST /v1/auth/login) and enrolls a fresh Ed25519 device
        (POST /v1/auth/device); prints shell assignments ADMIN_TOKEN=…, DEVICE_TOKEN=…, DEVICE_ID=….

    api_fuzz.py jwks    --out FILE
        Writes a JWKS with one fresh P-256 key (its private half is thrown away): the server's OIDC
        provider, so `POST /v1/auth/login` with an `id_token` is answered as in production (401 for
        any token the fuzzer makes up) instead of 400 OIDC_NOT_CONFIGURED.

    api_fuzz.py config  --out FILE [--request-timeout S]
        Writes the schemathesis.toml both passes use (checks, phases, auth from $RELAY_FUZZ_TOKEN).

    api_fuzz.py summary --metrics-before F --metrics-after F LABEL=REPORT.json ...
        Prints one line per pass (operations, cases, failures by kind) and the requests the server
        counted; exits 1 if any pass failed, errored or did not complete.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import re
import sys
import urllib.error
import urllib.request


def post_json(url: str, body: dict, timeout: float = 30) -> dict:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    try:
        with opener.open(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise SystemExit(f"POST {url} answered {error.code}: {error.read()[:500]!r}")


def cmd_tokens(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    with open(args.password_file, encoding="utf-8") as handle:
        password = handle.read().strip()
    login = post_json(f"{args.base}/v1/auth/login", {"email": args.email, "password": password})
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    device = post_json(
        f"{args.base}/v1/auth/device",
        {
            "org_id": args.org,
            "platform": "edge",
            "model": "api-fuzz",
            "app_version": "0.0.0-fuzz",
            "enrollment_key": args.enrollment_key,
            "public_key": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
        },
    )
    for name, value in (
        ("ADMIN_TOKEN", login["access_token"]),
        ("DEVICE_TOKEN", device["access_token"]),
        ("DEVICE_ID", device["device_id"]),
    ):
        if not re.fullmatch(r"[A-Za-z0-9._-]+", value):
            raise SystemExit(f"unexpected {name}: {value!r}")
        print(f"{name}={value}")
    return 0


def cmd_jwks(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives.asymmetric import ec

    numbers = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()

    def b64(value: int) -> str:
        return base64.urlsafe_b64encode(value.to_bytes(32, "big")).rstrip(b"=").decode()

    jwk = {"kty": "EC", "crv": "P-256", "x": b64(numbers.x), "y": b64(numbers.y), "kid": "api-fuzz", "alg": "ES256", "use": "sig"}
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({"keys": [jwk]}, handle)
    return 0


# Every check schemathesis has (its default), positive_data_acceptance as refined by api_fuzz_hooks.py,
# except max_response_time, which is off without a budget
# (the debug build on 2 busy cores is no place to measure one; hangs are caught by the request timeout,
# and a timed-out request is a failure, never retried), and
# - object_level_authorization: needs a second caller of another org with its own resources, which one
#   run with one token does not have (cross-org 404s are covered by the Swift tests).
CONFIG_TEMPLATE = """\
# Written by scripts/api_fuzz.py for scripts/api-fuzz.sh; not meant to be edited by hand.
request-timeout = {request_timeout}
request-retries = 0
continue-on-failure = true
hooks = "{hooks}"

[auth.openapi.bearerAuth]
bearer = "${{RELAY_FUZZ_TOKEN}}"

[generation]
# Examples stay in the run's temp dir (nothing is written into the repository).
database = "none"

[checks]
object_level_authorization.enabled = false
# Replaced by relay_positive_data_acceptance (scripts/api_fuzz_hooks.py): the same check, but for
# refusals that depend on server state the document cannot express, each matched precisely.
positive_data_acceptance.enabled = false
# Replaced by relay_ignored_auth (same file): a probe that runs into the rate limit proves nothing.
ignored_auth.enabled = false

[phases.stateful]
max-steps = {max_steps}

# Each answer of these costs a full scrypt (N=2^15; about 3 s in a debug build on 2 busy cores, and an
# unknown email costs the same as a known one): a few cases each, so they do not eat the time budget.
[[operations]]
include-operation-id = ["login", "register", "createAdminUser"]
generation.max-examples = {password_examples}

# The seed-base-path operations (tag seed-base-paths: /api/v1/..., /upload, /stream/...) are the /v1
# operations again, served by the same handlers: fuzzed once, under /v1, so the run does not double.
# Tests/BackendAppTests check that each is mounted and answers as its /v1 operation.
[[operations]]
include-tag = "seed-base-paths"
enabled = false
"""


def cmd_config(args: argparse.Namespace) -> int:
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(
            CONFIG_TEMPLATE.format(
                request_timeout=args.request_timeout,
                max_steps=args.max_steps,
                password_examples=args.password_examples,
                hooks=os.path.join(os.path.dirname(os.path.abspath(__file__)), "api_fuzz_hooks.py"),
            )
        )
    return 0


def requests_counted(path: str | None) -> int | None:
    """Requests the server counted (Hummingbird's `hb_requests` counter) in a Prometheus text dump, or None."""
    if not path:
        return None
    totals: dict[str, float] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                for name in ("hb_requests{", "http_requests_total{", "http_server_request_duration_count{"):
                    if line.startswith(name):
                        totals[name] = totals.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    except (OSError, ValueError):
        return None
    for name in ("hb_requests{", "http_requests_total{", "http_server_request_duration_count{"):
        if name in totals:
            return int(totals[name])
    return None


def cmd_summary(args: argparse.Namespace) -> int:
    ok = True
    totals = {"cases": 0, "failures": 0}
    for item in args.reports:
        label, _, path = item.partition("=")
        try:
            with open(path, encoding="utf-8") as handle:
                report = json.load(handle)
        except (OSError, ValueError) as error:
            print(f"[api-fuzz] {label}: no report ({error})")
            ok = False
            continue
        operations = report.get("operations") or {}
        cases = report.get("test_cases") or {}
        failures = report.get("failures") or []
        errors = report.get("errors") or []
        unique = sum(group.get("count", 0) for group in failures)
        totals["cases"] += cases.get("generated", 0)
        totals["failures"] += unique
        print(
            f"[api-fuzz] {label}: operations {operations.get('tested', '?')}/{operations.get('selected', '?')} tested, "
            f"{cases.get('generated', 0)} cases, {cases.get('with_failures', 0)} with failures, "
            f"{unique} unique failures, {sum(e.get('count', 0) for e in errors)} errors, "
            f"{report.get('running_time', 0):.0f} s, stop: {report.get('stop_reason')}"
        )
        for group in failures:
            print(f"[api-fuzz]   {group.get('count')} x {group.get('title')} ({group.get('code')}) in {', '.join(group.get('operations') or [])}")
        for error in errors:
            print(f"[api-fuzz]   error x {error.get('count')}: {error.get('title')}")
        if unique or errors or not report.get("complete") or report.get("exit_code") not in (0, None):
            ok = False
    before, after = requests_counted(args.metrics_before), requests_counted(args.metrics_after)
    requests = f"{after - before}" if before is not None and after is not None else "?"
    print(f"[api-fuzz] total: {totals['cases']} cases, {requests} requests served, {totals['failures']} unique failures")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    tokens = sub.add_parser("tokens")
    tokens.add_argument("--base", required=True)
    tokens.add_argument("--org", required=True)
    tokens.add_argument("--email", required=True)
    tokens.add_argument("--password-file", required=True)
    tokens.add_argument("--enrollment-key", required=True)
    jwks = sub.add_parser("jwks")
    jwks.add_argument("--out", required=True)
    config = sub.add_parser("config")
    config.add_argument("--out", required=True)
    config.add_argument("--request-timeout", type=float, default=10)
    config.add_argument("--max-steps", type=int, default=10)
    config.add_argument("--password-examples", type=int, default=3)
    summary = sub.add_parser("summary")
    summary.add_argument("--metrics-before")
    summary.add_argument("--metrics-after")
    summary.add_argument("reports", nargs="+")
    args = parser.parse_args()
    return {"tokens": cmd_tokens, "jwks": cmd_jwks, "config": cmd_config, "summary": cmd_summary}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
