#!/usr/bin/env python3
"""The reviewer web app in a real browser (headless Chromium through chromedriver), against the demo.

Run by scripts/browser-test.sh, which starts scripts/demo.sh (backend + enrolled agent + generated
captures) and passes its ready file. Checks, each against the live backend and its API:
  - the page's security headers (CSP without unsafe-*, frame and sniffing protection);
  - sign-in through the form; no token in web storage; a reload stays signed in (HttpOnly cookie);
  - the spin viewer: 24 frames in angle order, arrow keys and drag move it, the blurred and the dark
    frame marked failed on the ring; publish changes the image's status (checked through the API);
  - sync review: each camera's offset within 1 ms of the truth the demo recorded; approve makes the
    recording ready (checked through the API);
  - the HLS video plays in the page (currentTime advances, no media error);
  - the analyzer: a pair queued in one browser shows in a second one (the org's shared batch queue) and
    a removal there comes back; an analysis run from the page finds the dub's offset within 1 ms of
    the truth, and its waveforms are drawn;
  - the spin, recording and sessions pages fit an 800 px wide window (tablet) without sideways scrolling;
  - a reviewer of another org opening the spin's link gets the not-found page and no publish control;
  - no console errors on any page (CSP violations and script errors included).
Screenshots of every page go to --screenshots. Exit status 0 when every check passed.
"""
import argparse
import base64
import json
import os
import sys
import time
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

FAILURES = []
PASSED = []


def check(name, condition, detail=""):
    (PASSED if condition else FAILURES).append(name)
    print(f"  {'ok  ' if condition else 'FAIL'} {name}{'' if condition else ' — ' + str(detail)}", flush=True)
    return condition


def wait_until(what, probe, timeout=60, interval=0.25):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
            if last:
                return last
        except Exception as error:  # the element is not there yet, a stale reference…
            last = error
        time.sleep(interval)
    raise TimeoutError(f"{what} (last: {last!r})")


class API:
    def __init__(self, base, email, password):
        self.base = base.rstrip("/")
        self.token = self.call("POST", "/v1/auth/login", {"email": email, "password": password}, auth=False)["access_token"]

    def call(self, method, path, body=None, auth=True):
        request = urllib.request.Request(self.base + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")


class Browser:
    def __init__(self, base, screenshots):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                         "--autoplay-policy=no-user-gesture-required", "--disable-gpu"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.base = base.rstrip("/")
        self.screenshots = screenshots
        self.console = []

    def open(self, fragment=""):
        self.driver.get(self.base + "/" + fragment)

    def go(self, fragment):
        self.driver.execute_script("window.location.hash = arguments[0]", fragment)

    def find(self, css, timeout=30):
        return wait_until(f"element {css}", lambda: self.driver.find_element(By.CSS_SELECTOR, css), timeout)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def shot(self, name):
        """The whole page (not only the viewport), as a PNG in the screenshots folder."""
        os.makedirs(self.screenshots, exist_ok=True)
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": metrics["width"], "height": min(metrics["height"], 4000), "scale": 1}
        image = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        with open(os.path.join(self.screenshots, f"{name}.png"), "wb") as handle:
            handle.write(base64.b64decode(image["data"]))

    def take_console(self, allow=()):
        """SEVERE console entries since the last call, minus those whose message contains an allowed text."""
        entries = self.driver.get_log("browser")
        self.console.extend(entries)
        return [e for e in entries if e["level"] == "SEVERE" and not any(text in e["message"] for text in allow)]


def sign_in(browser, email, password):
    browser.open()
    browser.find("form#login-form")
    browser.find("input#email").send_keys(email)
    browser.find("input#password").send_keys(password)
    browser.find("form#login-form button[type=submit]").click()
    browser.find("#whoami")
    wait_until("the signed-in shell", lambda: browser.find("#whoami").text.strip())


def test_headers(base):
    print("security headers")
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
    csp = headers.get("content-security-policy", "")
    check("CSP present with script-src 'self'", "script-src 'self'" in csp, csp)
    check("CSP has no unsafe-inline/eval or wildcard", not any(t in csp for t in ("unsafe-inline", "unsafe-eval", "*")), csp)
    check("frame-ancestors 'none' and X-Frame-Options DENY", "frame-ancestors 'none'" in csp and headers.get("x-frame-options") == "DENY")
    check("nosniff", headers.get("x-content-type-options") == "nosniff")


def test_sign_in(browser, ready, password):
    print("sign in")
    browser.open()
    browser.find("form#login-form")
    browser.shot("01-sign-in")
    browser.find("input#email").send_keys(ready["email"])
    browser.find("input#password").send_keys("not the password")
    browser.find("form#login-form button[type=submit]").click()
    error = wait_until("the login error", lambda: browser.find("#login-error").text.strip())
    check("a wrong password shows the server's reason", "password" in error.lower() or "credentials" in error.lower(), error)
    browser.find("input#password").clear()
    browser.find("input#password").send_keys(password)
    browser.find("form#login-form button[type=submit]").click()
    who = wait_until("the signed-in shell", lambda: browser.find("#whoami").text.strip())
    check("signed in as the demo admin", "admin" in who.lower(), who)
    storage = browser.driver.execute_script(
        "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    check("no token in localStorage or sessionStorage", "eyJ" not in storage, storage[:200])
    # The cookie is scoped to /v1/web/session, so the page's own cookie list does not show it: ask the browser.
    cookies = browser.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]
    session_cookies = [c for c in cookies if c["name"] == "relay_session"]
    check("the session cookie is HttpOnly, SameSite=Strict, scoped to /v1/web/session",
          len(session_cookies) == 1 and session_cookies[0]["httpOnly"] and session_cookies[0]["sameSite"] == "Strict"
          and session_cookies[0]["path"] == "/v1/web/session", session_cookies)
    check("document.cookie does not show it", "relay_session" not in browser.driver.execute_script("return document.cookie"))
    browser.open("#/sessions")
    wait_until("signed in after a reload", lambda: browser.find("#whoami").text.strip())
    check("a reload stays signed in", True)
    # Entries before sign-in include the deliberate wrong password (401).
    browser.take_console(allow=("/v1/web/session",))


def test_sessions_list(browser, ready):
    print("capture sessions")
    browser.go("#/sessions")
    row = browser.find(f'tr[data-session-id="{ready["spin_session_id"]}"]')
    check("the spin's session is listed", row is not None)
    check("the stills' session is listed", bool(browser.all(f'tr[data-session-id="{ready["stills_session_id"]}"]')))
    browser.shot("02-sessions")
    errors = browser.take_console()
    check("no console errors on the sessions list", not errors, errors)


def frame_state(browser):
    viewer = browser.find("#spin-viewer")
    image = browser.find("img#spin-image")
    return int(viewer.get_attribute("data-frame-index")), float(image.get_attribute("data-angle")), image.get_attribute("data-image-id")


def test_spin(browser, ready, api):
    print("spin viewer")
    browser.go(f"#/sessions/{ready['spin_session_id']}")
    viewer = browser.find("#spin-viewer")
    count = wait_until("24 frames", lambda: int(viewer.get_attribute("data-frame-count") or 0) == ready["frames"] and viewer)
    check("the viewer has 24 frames", bool(count))
    images = api.call("GET", f"/v1/images?session_id={ready['spin_session_id']}")["data"]
    truth = sorted(image["angle_deg"] for image in images)
    # Home, then → through every frame: angles in ascending order, then wrapping to the first.
    viewer.send_keys(Keys.HOME)
    wait_until("frame 0", lambda: frame_state(browser)[0] == 0)
    angles = []
    for _ in range(ready["frames"]):
        angles.append(frame_state(browser)[1])
        before = frame_state(browser)[0]
        viewer.send_keys(Keys.ARROW_RIGHT)
        wait_until("the next frame", lambda: frame_state(browser)[0] != before)
    check("→ shows the 24 frames in angle order", angles == truth, angles)
    check("→ after the last frame wraps to the first", frame_state(browser)[0] == 0)
    viewer.send_keys(Keys.ARROW_LEFT)
    check("← from the first wraps to the last", wait_until("the last frame", lambda: frame_state(browser)[0] == 23))
    viewer.send_keys(Keys.HOME)
    wait_until("frame 0", lambda: frame_state(browser)[0] == 0)
    ActionChains(browser.driver).move_to_element(viewer).click_and_hold().move_by_offset(52, 0).release().perform()
    moved = wait_until("a drag", lambda: frame_state(browser)[0] or None, timeout=10)
    check("dragging 52 px moves 5 frames", moved == 5, moved)
    ring = browser.all("ol#spin-ring li[data-ring-index]")
    check("the ring has 24 frames", len(ring) == 24, len(ring))
    failed_angles = sorted(round(truth[int(li.get_attribute("data-ring-index"))]) for li in browser.all("ol#spin-ring li.qc-fail"))
    check("the blurred and the dark frame are marked failed on the ring", failed_angles == ready["flagged_angles"],
          f"{failed_angles} vs {ready['flagged_angles']}")
    # The dark frame's badges say why.
    dark = ready["flagged_angles"][1]
    browser.all(f'ol#spin-ring li[data-ring-index="{truth.index(dark)}"]')[0].click()
    badge = wait_until("the exposure badge", lambda: browser.find("#frame-qc .badge-exposure").text.strip())
    check("the dark frame's exposure badge names the failure", "fail" in badge.lower() or "under" in badge.lower(), badge)
    browser.shot("03-spin-viewer")

    # Publish a frame that passed QC, then read its status through the API.
    viewer.send_keys(Keys.HOME)
    wait_until("frame 0", lambda: frame_state(browser)[0] == 0)
    _, _, image_id = frame_state(browser)
    button = browser.find("button#publish-frame")
    button.click()
    status = wait_until("the frame published", lambda: "published" in browser.find("#frame-status").text.lower() and browser.find("#frame-status").text)
    check("the page shows the frame published", bool(status), status)
    api_status = wait_until("the API", lambda: api.call("GET", f"/v1/images/{image_id}")["status"] == "published" and "published")
    check("publish changed the image's status (API)", api_status == "published", api_status)
    errors = browser.take_console()
    check("no console errors on the session page", not errors, errors)


def test_sync(browser, ready, api):
    print("sync review")
    session = ready["recording_session_id"]
    browser.go(f"#/recordings/{session}")
    browser.find("section#sync-review")
    rows = wait_until("the cameras", lambda: len(browser.all("div.sync-camera[data-camera-id]")) >= 3 and browser.all("div.sync-camera[data-camera-id]"), 60)
    shown = {row.get_attribute("data-camera-id"): float(row.get_attribute("data-offset-ms")) for row in rows}
    for camera, truth in ready["true_offsets_ms"].items():
        check(f"camera {camera}: {shown.get(camera)} ms shown, true {truth} ms (within 1 ms)",
              camera in shown and abs(shown[camera] - truth) <= 1.0, shown)
    time.sleep(1)  # waveforms drawn
    browser.shot("04-sync-review")
    browser.find("button#sync-approve").click()
    approved = wait_until("the recording ready", lambda: api.call("GET", f"/v2/sessions/{session}")["status"] == "ready", 30)
    check("approve makes the recording ready (API)", approved)
    history = wait_until("the history entry", lambda: browser.all("#sync-history li"), 20)
    check("the review history shows the approval", len(history) >= 1)
    errors = browser.take_console()
    check("no console errors on the recording page", not errors, errors)


def test_video(browser, ready):
    print("video playback")
    browser.go(f"#/videos/{ready['video_id']}")
    player = browser.find("video#player")
    wait_until("a source", lambda: player.get_attribute("src") or player.get_attribute("currentSrc"), 60)
    browser.driver.execute_script("const v = document.getElementById('player'); v.muted = true; v.play().catch(() => {});")
    time_now = wait_until("playback", lambda: (lambda t: t if t > 1.0 else None)(
        browser.driver.execute_script("return document.getElementById('player').currentTime")), 60)
    error = browser.driver.execute_script("const e = document.getElementById('player').error; return e && e.message")
    check(f"the HLS video plays (currentTime {time_now:.2f} s)", time_now > 1.0)
    check("no media error", error is None, error)
    src = browser.driver.execute_script("return document.getElementById('player').currentSrc")
    check("played through a playback URL", "/v1/play/" in src, src)
    browser.shot("05-video")
    errors = browser.take_console()
    check("no console errors on the video page", not errors, errors)


def choose(browser, css, name):
    select = Select(browser.find(css))
    wait_until(f"{name} in {css}", lambda: any(o.text.startswith(name) for o in select.options), 30)
    for option in select.options:
        if option.text.startswith(name):
            select.select_by_visible_text(option.text)
            return


def test_analyzer(browser, second, ready, api, password):
    print("analyzer (seed 002)")
    pair = ready["analyzer"]
    browser.go("#/analyzer")
    choose(browser, "#analysis-master", pair["master"])
    choose(browser, "#analysis-dub", pair["dub"])
    browser.find("button#queue-add").click()
    wait_until("the queued pair", lambda: len(browser.all("#batch-queue-items li[data-item-id]")) == 1, 20)
    # The batch queue is the org's, on the server: a second browser sees it and its changes come back.
    sign_in(second, ready["email"], password)
    second.go("#/analyzer")
    shared = wait_until("the pair in the second browser", lambda: second.all("#batch-queue-items li[data-item-id]"), 30)
    check("the batch queue is shared across browsers", len(shared) == 1 and pair["dub"] in shared[0].text, [e.text for e in shared])
    shared[0].find_element(By.CSS_SELECTOR, "button[data-remove]").click()
    emptied = wait_until("the removal in the first browser", lambda: not browser.all("#batch-queue-items li[data-item-id]") and "empty", 30)
    check("a removal in one browser reaches the other", emptied == "empty")
    check("no console errors in the second browser", not second.take_console(), second.console[-3:])

    browser.find("button#analysis-submit").click()
    row = wait_until("a completed analysis", lambda: browser.all('#job-registry tr[data-status="completed"]'), 120)[0]
    analysis = api.call("GET", f"/v1/analysis/{row.get_attribute('data-job-id')}")
    offset_ms = (analysis.get("result") or {}).get("offset_seconds", 0) * 1000
    check(f"the analysis finds the dub at {offset_ms:.2f} ms, true {pair['offset_ms']} ms (within 1 ms)",
          abs(offset_ms - pair["offset_ms"]) <= 1.0, analysis.get("result"))
    row.find_element(By.CSS_SELECTOR, "button[data-waves]").click()
    wait_until("the waveforms", lambda: browser.find("canvas#wave-master").is_displayed() and browser.find("canvas#wave-dub"), 30)
    check("the analysis's waveforms are drawn", True)
    browser.shot("06-analyzer")
    errors = browser.take_console()
    check("no console errors on the analyzer page", not errors, errors)


def test_tablet_width(browser, ready):
    print("tablet width")
    browser.driver.set_window_size(800, 1000)
    try:
        for fragment, ready_css in ((f"#/sessions/{ready['spin_session_id']}", "#spin-viewer"),
                                    (f"#/recordings/{ready['recording_session_id']}", "div.sync-camera"), ("#/sessions", "#sessions-table")):
            browser.go(fragment)
            browser.find(ready_css)
            time.sleep(0.5)
            overflow = browser.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            check(f"{fragment.split('/')[1]} page fits 800 px (no sideways scrolling)", overflow <= 0, overflow)
        browser.go(f"#/sessions/{ready['spin_session_id']}")
        browser.find("#spin-viewer")
        browser.shot("07-spin-viewer-800px")
    finally:
        browser.driver.set_window_size(1280, 900)
    errors = browser.take_console()
    check("no console errors at tablet width", not errors, errors)


def test_other_org(browser, ready, other_email, other_password):
    print("another org's link")
    browser.find("button#sign-out").click()
    browser.find("form#login-form")
    sign_in(browser, other_email, other_password)
    browser.go(f"#/sessions/{ready['spin_session_id']}")
    section = browser.find("section#not-found")
    check("another org's reviewer gets the not-found page", section.is_displayed())
    check("and no publish control", not browser.all("button#publish-frame") and not browser.all("button#publish-all-passed"))
    browser.shot("08-not-found")
    # The page's own 404 is the one expected console entry here.
    errors = browser.take_console(allow=(f"/v1/sessions/{ready['spin_session_id']}",))
    check("no other console errors", not errors, errors)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--credentials", required=True)
    parser.add_argument("--other-email", required=True)
    parser.add_argument("--other-password-file", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    ready = json.load(open(args.ready_file))
    credentials = dict(line.split(":", 1) for line in open(args.credentials) if ":" in line and not line.startswith("#"))
    password = credentials["admin_password"].strip()
    base = ready["url"].rstrip("/")
    api = API(base, ready["email"], password)
    test_headers(base)
    browser = Browser(base, args.screenshots)
    second = Browser(base, os.path.join(args.screenshots, "second-browser"))
    try:
        for step in (lambda: test_sign_in(browser, ready, password), lambda: test_sessions_list(browser, ready),
                     lambda: test_spin(browser, ready, api), lambda: test_sync(browser, ready, api),
                     lambda: test_video(browser, ready), lambda: test_analyzer(browser, second, ready, api, password),
                     lambda: test_tablet_width(browser, ready),
                     lambda: test_other_org(browser, ready, args.other_email, open(args.other_password_file).read().strip())):
            try:
                step()
            except Exception as error:
                traceback.print_exc()
                check(f"step finished ({type(error).__name__})", False, error)
                browser.shot("failure-" + str(len(FAILURES)))
    finally:
        browser.driver.quit()
        second.driver.quit()
    print(f"browser checks: {len(PASSED)} passed, {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
