#!/usr/bin/env python3
"""Drives scripts/demo.sh itself, then the reviewer app in headless Chromium, then Ctrl-C.

1. Starts `scripts/demo.sh` (fresh data dir, free loopback port) in its own process group, as a terminal
   would, and waits for it to say the app is ready with the sample captures landed.
2. Makes a second org with a reviewer (`relay-backend admin`), for the cross-org check.
3. Runs Tests/browser/webapp_test.py against it (screenshots into --artifacts).
4. Sends SIGINT to the demo's process group, as Ctrl-C does, and checks that everything it started is gone.
Exit status 0 when all of it passed.
"""
import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--artifacts", required=True, help="screenshots and logs go here")
    parser.add_argument("--timeout", type=int, default=900, help="seconds for the demo to become ready")
    args = parser.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="relay-demo-browser.")
    data = os.path.join(work, "data")
    port = free_port()
    log_path = os.path.join(args.artifacts, "demo.log")
    env = dict(os.environ, RELAY_DATA_DIR=data, RELAY_PORT=str(port), RELAY_HOST="127.0.0.1", RELAY_DEMO_SKIP_DEPS="1")
    started = time.monotonic()
    with open(log_path, "wb") as log:
        # A terminal's foreground job: its own process group, SIGINT at its default action.
        demo = subprocess.Popen(["bash", os.path.join(REPO, "scripts/demo.sh")], cwd=REPO, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    pgid = demo.pid
    failures = []
    try:
        ready_file = os.path.join(data, "demo-ready.json")
        while time.monotonic() - started < args.timeout:
            if demo.poll() is not None:
                break
            if b"demo ready: " in open(log_path, "rb").read():
                break
            time.sleep(1)
        text = open(log_path, "rb").read().decode(errors="replace")
        if b"demo ready: " not in text.encode() or not os.path.exists(ready_file):
            print(text[-4000:])
            for name in ("feed.log", "agent.log", "backend.log"):
                path = os.path.join(data, "logs", name)
                if os.path.exists(path):
                    print(f"--- {name} (tail) ---\n" + open(path, errors="replace").read()[-3000:])
            raise RuntimeError("the demo did not become ready with its samples")
        print(f"demo ready with its samples in {time.monotonic() - started:.0f} s (port {port})", flush=True)

        backend = os.path.join(subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True,
                                              check=True).stdout.strip(), "relay-backend")
        org = subprocess.run([backend, "admin", "create-org", "--name", "Other Dealer", "--data-dir", data],
                             capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        password = secrets.token_urlsafe(18)
        subprocess.run([backend, "admin", "create-user", "--org", org, "--email", "reviewer@other.test", "--name", "Other Reviewer",
                        "--role", "reviewer", "--password-stdin", "--data-dir", data], input=password + "\n",
                       capture_output=True, text=True, check=True)
        password_file = os.path.join(work, "other-password")
        with open(password_file, "w") as handle:
            handle.write(password)
        browser = subprocess.run([sys.executable, os.path.join(REPO, "Tests/browser/webapp_test.py"),
                                  "--ready-file", ready_file, "--credentials", os.path.join(data, "demo-credentials.txt"),
                                  "--other-email", "reviewer@other.test", "--other-password-file", password_file,
                                  "--screenshots", args.artifacts], cwd=REPO)
        if browser.returncode != 0:
            failures.append("browser checks failed")
    except (RuntimeError, subprocess.CalledProcessError) as error:
        failures.append(str(error))
    finally:
        # Ctrl-C: SIGINT to the whole foreground group.
        if demo.poll() is None:
            os.killpg(pgid, signal.SIGINT)
        try:
            demo.wait(timeout=60)
        except subprocess.TimeoutExpired:
            failures.append("the demo did not stop within 60 s of Ctrl-C")
        deadline = time.monotonic() + 30
        while group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.5)
        if group_alive(pgid):
            failures.append("processes the demo started were still running after Ctrl-C")
            os.killpg(pgid, signal.SIGKILL)
        else:
            print("Ctrl-C stopped the demo and everything it started", flush=True)
        for name in ("feed.log", "agent.log", "backend.log"):
            path = os.path.join(data, "logs", name)
            if os.path.exists(path):
                shutil.copy(path, os.path.join(args.artifacts, name))
        shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print(f"FAIL: {failure}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
