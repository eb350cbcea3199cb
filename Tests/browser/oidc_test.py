#!/usr/bin/env python3
"""The reviewer app's "Sign in with …" in headless Chromium against a real OpenID Provider.

The provider is `oidc-provider-mock` (PyPI): a standards OpenID Provider built on Authlib — discovery,
JWKS, authorization form, token endpoint, RS256 id_tokens, nonce required here. relay-backend runs on a
fresh SQLite data dir with `oidc_web_sign_in` on and a client secret. Checks:
  - the sign-in page offers the provider; the round trip (authorize at the provider → callback) signs
    the user in with the session cookie, and a reload keeps the session;
  - a person the provider knows but no trusting org has comes back to the sign-in page with the reason;
  - denying at the provider, and a callback that no sign-in in this browser started (forged state, no
    cookie) come back with their reasons, signed out;
  - no console errors.
Usage: oidc_test.py --backend PATH --screenshots DIR. Exit 0 when every check passed.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webapp_test as web  # noqa: E402  (the shared browser helpers and check())

import oidc_provider_mock  # noqa: E402
from oidc_provider_mock import User  # noqa: E402


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(backend, *args, stdin=None):
    return subprocess.run([backend, *args], input=stdin, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]


def at_sign_in_page(browser):
    browser.find("form#login-form")
    return web.wait_until("the sign-in error", lambda: browser.find("#login-error").text.strip(), 30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="relay-oidc-browser.")
    data = os.path.join(work, "data")
    alice, mallory = "alice@studio.test", "mallory@elsewhere.test"
    users = [User(sub=alice, claims={"email": alice, "email_verified": True, "name": "Alice"}),
             User(sub=mallory, claims={"email": mallory, "email_verified": True, "name": "Mallory"})]
    server = None
    try:
        with oidc_provider_mock.run_server_in_thread(port=free_port(), require_nonce=True, user_claims=users) as provider:
            issuer = f"http://localhost:{provider.server_port}"
            org = run(args.backend, "admin", "create-org", "--name", "OIDC Studio", "--data-dir", data)
            run(args.backend, "admin", "create-user", "--org", org, "--email", alice, "--name", "Alice Reviewer", "--role", "reviewer",
                "--password-stdin", "--data-dir", data, stdin="an unused long password\n")
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = dict(os.environ, RELAY_OIDC_ISSUER=issuer, RELAY_OIDC_AUDIENCE="relay-reviewer-app",
                       RELAY_OIDC_JWKS_URL=issuer + "/jwks", RELAY_OIDC_ORG_IDS=org, RELAY_OIDC_WEB_SIGN_IN="true",
                       RELAY_OIDC_CLIENT_SECRET="a client secret", RELAY_OIDC_DISPLAY_NAME="Studio SSO", RELAY_PUBLIC_URL=base)
            log = open(os.path.join(work, "backend.log"), "wb")
            server = subprocess.Popen([args.backend, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data],
                                      env=env, stdout=log, stderr=subprocess.STDOUT)
            web.wait_until("the backend", lambda: urllib.request.urlopen(base + "/v1/ready", timeout=2).status == 200, 120, 0.3)
            config = json.load(urllib.request.urlopen(base + "/v1/web/config"))
            web.check("GET /v1/web/config names the provider", (config.get("oidc") or {}).get("name") == "Studio SSO", config)

            browser = web.Browser(base, args.screenshots)
            try:
                print("sign in with the identity provider")
                browser.open()
                button = browser.find("a#oidc-sign-in")
                web.check("the sign-in page offers 'Sign in with Studio SSO'", "Studio SSO" in button.text, button.text)
                browser.shot("09-sign-in-with-provider")
                button.click()
                browser.find(f'button[name="sub"][value="{alice}"]').click()
                who = web.wait_until("signed in", lambda: browser.find("#whoami").text.strip(), 30)
                web.check("the provider round trip signs Alice in", "Alice" in who, who)
                cookies = browser.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]
                session = [c for c in cookies if c["name"] == "relay_session"]
                web.check("with the HttpOnly SameSite=Strict session cookie", len(session) == 1 and session[0]["httpOnly"]
                          and session[0]["sameSite"] == "Strict", session)
                web.check("and the sign-in's state cookie cleared", not [c for c in cookies if c["name"] == "relay_oidc"], cookies)
                browser.open("#/sessions")
                web.check("a reload keeps the session", bool(web.wait_until("signed in", lambda: browser.find("#whoami").text.strip(), 30)))
                # The provider's own sign-in page (its CDN stylesheet, its favicon) is not ours to judge.
                provider_noise = (issuer, "cdn.jsdelivr.net")
                errors = browser.take_console(allow=provider_noise)
                web.check("no console errors from the app", not errors, errors)

                print("refusals")
                browser.find("button#sign-out").click()
                browser.find("a#oidc-sign-in").click()
                browser.find(f'button[name="sub"][value="{mallory}"]').click()
                reason = at_sign_in_page(browser)
                web.check("someone no trusting org has gets the reason, signed out", "No Relay account" in reason, reason)
                web.check("and the address drops the error code", "sign_in_error" not in browser.driver.current_url, browser.driver.current_url)
                browser.shot("10-sign-in-refused")

                browser.find("a#oidc-sign-in").click()
                browser.find('button[name="action"][value="deny"]').click()
                web.check("denying at the provider comes back as cancelled", "cancelled" in at_sign_in_page(browser))

                browser.driver.get(base + "/v1/web/oidc/callback?code=forged&state=forged")
                web.check("a callback no sign-in started is refused", "Try again" in at_sign_in_page(browser))
                refresh = browser.driver.execute_script(
                    "return fetch('/v1/web/session/refresh', {method: 'POST', headers: {'X-Relay-CSRF': '1'}}).then(r => r.status)")
                web.check("and nobody is signed in after the refusals", refresh == 204, refresh)
                errors = browser.take_console(allow=provider_noise)
                web.check("no console errors from the app on the refusals", not errors, errors)
            except Exception as error:  # a step did not finish: say where the browser was
                web.check(f"the sign-in steps finished ({type(error).__name__}: {error})", False,
                          f"at {browser.driver.current_url}: {browser.driver.find_element('tag name', 'body').text[:500]!r}")
                browser.shot("oidc-failure")
            finally:
                browser.driver.quit()
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if os.path.exists(os.path.join(work, "backend.log")):
            shutil.copy(os.path.join(work, "backend.log"), os.path.join(args.screenshots, "oidc-backend.log"))
        shutil.rmtree(work, ignore_errors=True)
    print(f"OIDC browser checks: {len(web.PASSED)} passed, {len(web.FAILURES)} failed")
    return 1 if web.FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
