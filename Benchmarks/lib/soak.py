#!/usr/bin/env python3
"""The studio box's month (issue 19): the real relay-agent against the real relay-backend (SQLite + local
disk) through a fault-injecting loopback proxy (faultproxy.py), both on one accelerated wall clock, for
DAYS simulated days. Run by Benchmarks/soak.sh (30 days) and by scripts/test.sh (a bounded 3-day run).

    python3 soak.py --agent BIN --backend BIN [--days 30] [--seed 1] [--keep]

The clock: libfaketime preloaded into the agent, the backend and every CLI call, all reading one offset
file (`FAKETIME_TIMESTAMP_FILE`, read on every call) that only this harness moves; the monotonic clock
stays real, as under NTP, and a small shim keeps libfaketime from shifting timerfd deadlines (see
Tests/EndToEndTests/FakeClock.swift). Each simulated hour is event-driven: a capture, then real time
(the clock at 1x) while the agent works, until the backend holds every capture (bounded), then the rest of
the hour in a blink. So the agent's real-time parts (timeouts, backoffs, its offline probe) run as they
would, while its wall-clock parts (token life, originals and queue retention) see a month go by.

What the month holds:
  - a capture every hour: a new session folder with PHOTOS frames, written as tethering software does
    (a hidden temp name, then a rename);
  - every day a 10-minute network loss (the proxy refuses and resets everything) in the middle of the
    hour's uploads, an hour of 250 ms latency, and an hour in which every connection is reset after 40
    chunks;
  - every 3rd day the backend restarted mid-upload (SIGTERM; every other one SIGKILL);
  - the agent SIGKILLed at random moments (restarted at once, as systemd's Restart=always does);
  - the state disk (a 24 MiB tmpfs) full to the last byte for 3 hours, then freed;
  - a 30-hour outage, longer than the device token's life (device_token_lifetime_seconds = 1 day): the
    token expires while the box is offline;
  - the device revoked by an admin, then `relay-agent enroll --force` with a new key while it runs;
  - a reboot: the agent stopped for 3 hours while captures keep landing and an old, uploaded session
    folder is deleted, then started again.
Afterwards: every capture on the backend exactly once (by SHA-256) and processed, every image's
upload_started and upload_complete events stored exactly once, nothing left queued; the agent's RSS, open
file descriptors and queue database size at the end of day 1 and at the end. Exits non-zero when a check
fails. Loopback only; everything is removed at the end (the logs are copied to /tmp/relay-soak-*.log).
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

HOUR = 3600.0
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
SHIM_SOURCE = r"""
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>
int timerfd_settime(int fd, int flags, const struct itimerspec *n, struct itimerspec *o) {
    return (int)syscall(SYS_timerfd_settime, fd, flags, n, o);
}
int timerfd_gettime(int fd, struct itimerspec *c) { return (int)syscall(SYS_timerfd_gettime, fd, c); }
"""


def log(text):
    print(f"[soak] {text}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SimClock:
    """Simulated wall clock = real clock + offset; the offset file is what every faked process reads."""

    def __init__(self, path):
        self.path = path
        self.offset = 0.0
        self._write()

    def now(self):
        return time.time() + self.offset

    def advance(self, seconds):
        self.offset += seconds
        self._write()

    def _write(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write("%+d\n" % round(self.offset))
        os.replace(tmp, self.path)


class Soak:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.rng = random.Random(args.seed)
        self.clock = SimClock(os.path.join(work, "faketime.rc"))
        self.faults = {}
        self.findings = []
        self.backend = None
        self.agent = None
        self.agent_started_at = None
        self.unexpected_exits = 0
        self.proxy = None
        self.captured = {}  # sha256 -> path
        self.capture_folders = []
        self.samples = {}
        self.pool = []
        self.disk_mounted = False
        self.recovering = None
        self.skipped = []
        self.recoveries = []
        self.catchup = []
        self.slow_hours = 0

    # ---- environment -------------------------------------------------------------------------------
    def fake_env(self, extra=None):
        env = dict(os.environ)
        env.update({
            "LD_PRELOAD": f"{self.shim}:{FAKETIME_LIB}", "FAKETIME_TIMESTAMP_FILE": self.clock.path,
            "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1", "NO_FAKE_STAT": "1",
            "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost",
        })
        env.update(extra or {})
        return env

    def build_shim(self):
        source = os.path.join(self.work, "timershim.c")
        self.shim = os.path.join(self.work, "timershim.so")
        with open(source, "w") as f:
            f.write(SHIM_SOURCE)
        for cc in ["/opt/swift/usr/bin/clang", "/usr/bin/clang", "/usr/bin/cc", "/usr/bin/gcc"]:
            if os.access(cc, os.X_OK):
                subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", self.shim, source], check=True)
                return
        sys.exit("soak: no C compiler for the timerfd shim")

    def count(self, kind, n=1):
        self.faults[kind] = self.faults.get(kind, 0) + n

    # ---- backend -----------------------------------------------------------------------------------
    def backend_cli(self, *arguments, stdin=None):
        out = subprocess.run([self.args.backend, *arguments, "--data-dir", self.data], env=self.fake_env(),
                             input=stdin, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"soak: relay-backend {' '.join(arguments)} failed: {out.stderr[-2000:]}")
        return out.stdout

    def start_backend(self):
        env = self.fake_env({
            "RELAY_DEVICE_TOKEN_LIFETIME_SECONDS": "86400", "RELAY_LOG_LEVEL": "warning",
            "RELAY_DEVICE_STALE_SECONDS": "7200",
        })
        with open(os.path.join(self.work, "backend.log"), "a") as logfile:  # the child keeps its own copy
            self.backend = subprocess.Popen(
                [self.args.backend, "serve", "--host", "127.0.0.1", "--port", str(self.backend_port),
                 "--public-url", f"http://127.0.0.1:{self.proxy_port}", "--data-dir", self.data],
                env=env, stdout=logfile, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.backend.poll() is not None:
                sys.exit(f"soak: the backend exited ({self.backend.returncode}); see {self.work}/backend.log")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.backend_port}/v1/health", timeout=2).read()
                return
            except Exception:
                time.sleep(0.2)
        sys.exit("soak: the backend did not answer /v1/health in 120 s")

    def restart_backend(self, hard):
        self.backend.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
        self.backend.wait(timeout=60)
        self.start_backend()
        self.count("backend SIGKILL + restart" if hard else "backend restart (SIGTERM)")

    # ---- proxy -------------------------------------------------------------------------------------
    def start_proxy(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "faultproxy.py")
        self.proxy = subprocess.Popen([sys.executable, script, "--listen", "127.0.0.1:0", "--target",
                                       f"127.0.0.1:{self.backend_port}", "--control", "127.0.0.1:0"],
                                      stdout=subprocess.PIPE, text=True)
        words = self.proxy.stdout.readline().split()
        self.proxy_port, self.control_port = int(words[1]), int(words[3])

    def network(self, command):
        with socket.create_connection(("127.0.0.1", self.control_port), timeout=10) as s:
            s.sendall((command + "\n").encode())
            reply = s.makefile().readline().strip()
        if not reply.startswith("ok"):
            sys.exit(f"soak: proxy said {reply!r} to {command!r}")
        return reply

    # ---- agent -------------------------------------------------------------------------------------
    def start_agent(self):
        with open(self.agent_log, "a") as logfile:
            self.agent = subprocess.Popen([self.args.agent, "run", "--config", self.config], env=self.fake_env(),
                                          stdout=logfile, stderr=subprocess.STDOUT)
        self.agent_started_at = self.clock.now()

    def kill_agent(self, sig=signal.SIGKILL):
        self.agent.send_signal(sig)
        self.agent.wait(timeout=30)

    def check_agent(self):
        """An agent that exited on its own is a finding; it is restarted, as systemd would."""
        if self.agent is not None and self.agent.poll() is not None:
            self.unexpected_exits += 1
            self.findings.append(f"the agent exited on its own (status {self.agent.returncode}) at {self.stamp()}")
            self.start_agent()

    def agent_cli(self, *arguments, env=None):
        return subprocess.run([self.args.agent, *arguments], env=self.fake_env(env), capture_output=True, text=True, timeout=180)

    def status(self):
        out = self.agent_cli("status", "--json", "--config", self.config)
        try:
            return json.loads(out.stdout)
        except ValueError:
            return None

    def sample(self, label):
        pid = self.agent.pid
        try:
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (OSError, StopIteration):
            rss, fds = -1, -1
        sizes = {n: os.path.getsize(os.path.join(self.state, n)) for n in os.listdir(self.state) if n.startswith("queue.sqlite")}
        self.samples[label] = {"pid": pid, "rss_kib": rss, "fds": fds, "queue_db_bytes": sum(sizes.values()),
                               "queue_main_bytes": sizes.get("queue.sqlite", 0), "queue_wal_bytes": sizes.get("queue.sqlite-wal", 0),
                               "agent_uptime_h": (self.clock.now() - self.agent_started_at) / HOUR}

    # ---- time ------------------------------------------------------------------------------------
    # Event-driven: each simulated hour, real time passes (the clock at 1x) while the agent works — until
    # the backend holds every capture, or a bound — and then the rest of the hour passes in a blink. So the
    # agent's real-time parts (timeouts, backoffs, its 60 s offline probe) run as they would, and its
    # wall-clock parts (token life, originals and queue retention, upload windows) see a month go by.
    def stamp(self):
        elapsed = self.clock.now() - self.t0
        return "day %d %02d:%02d" % (elapsed // 86400 + 1, (elapsed % 86400) // 3600, (elapsed % 3600) // 60)

    def live(self, max_real, kill_chance=0.0):
        """Real time passes until the backend holds every capture (returns the seconds that took) or
        max_real seconds have gone (returns None); maybe a SIGKILL of the agent at a random moment."""
        start = time.time()
        kill_at = start + self.rng.uniform(0.05, 1.0) if self.rng.random() < kill_chance else None
        while True:
            now = time.time()
            if kill_at is not None and now >= kill_at and self.agent is not None:
                self.kill_agent()
                self.count("agent SIGKILL at a random moment")
                time.sleep(self.rng.uniform(0.1, 0.5))
                self.start_agent()
                kill_at = None
            self.check_agent()
            if kill_at is None and self.backend_has_all():
                return now - start
            if now - start > max_real:
                return None
            time.sleep(0.1)

    def jump_to(self, target, real_seconds=0.3):
        """The clock moves to target over real_seconds, in small steps."""
        remaining = target - self.clock.now()
        steps = max(1, int(real_seconds / 0.05))
        for _ in range(steps):
            if remaining > 0:
                self.clock.advance(remaining / steps)
            time.sleep(real_seconds / steps)
            self.check_agent()

    def hour(self, index, online=True, kill_chance=0.0, before=None):
        """One simulated hour: a capture, the agent at work in real time, then the rest of the hour.
        Offline hours (network down, disk full, device revoked, box off) get a second of real time."""
        day, h = divmod(index, 24)
        self.capture(f"d{day:02d}h{h:02d}")
        if before:
            before()
        if online:
            bound = self.args.recovery_seconds if self.recovering else self.args.hour_seconds
            waited = self.live(bound, kill_chance)
            if waited is None:
                self.slow_hours += 1
                self.findings.append(f"{self.stamp()}: the backend did not hold every capture after {bound} real s"
                                     + (f" ({self.recovering})" if self.recovering else ""))
            elif self.recovering:
                self.recoveries.append((self.recovering, waited))
            else:
                self.catchup.append(waited)
            self.recovering = None
        else:
            self.live(1.0)
        self.jump_to(self.t0 + (index + 1) * HOUR, 0.3 if online else 0.7)

    # ---- captures ----------------------------------------------------------------------------------
    def make_pool(self, count):
        folder = os.path.join(self.work, "pool")
        os.makedirs(folder)
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=800x600:rate=25", "-frames:v", str(count),
                        "-q:v", "5", os.path.join(folder, "%05d.jpg")], check=True)
        self.pool = sorted(os.path.join(folder, n) for n in os.listdir(folder))

    def capture(self, label):
        """A session folder with PHOTOS frames, each written under a hidden name and renamed."""
        folder = os.path.join(self.watch, f"STK-{label}")
        os.makedirs(folder, exist_ok=True)
        for i in range(self.args.photos):
            source = self.pool.pop()
            data = open(source, "rb").read()
            sha = hashlib.sha256(data).hexdigest()
            if sha in self.captured:
                sys.exit("soak: two pool frames have the same bytes")
            name = f"IMG_{i:04d}.jpg"
            tmp = os.path.join(folder, f".{name}.part")
            with open(tmp, "wb") as f:
                f.write(data)
            now = self.clock.now()
            os.utime(tmp, (now, now))
            os.rename(tmp, os.path.join(folder, name))
            self.captured[sha] = os.path.join(folder, name)
        self.capture_folders.append(folder)
        self.count("captures")

    # ---- the faults that take more than an hour ---------------------------------------------------
    def fill_disk(self, index, hours=3):
        """The state disk full to the last byte for `hours`, then freed."""
        if not self.disk_mounted:
            self.skipped.append("the state disk fill: its tmpfs could not be mounted (needs root)")
            return 0
        filler = os.path.join(self.state, "filler")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            block = b"\0" * 65536
            while True:  # unbuffered: the last short write ends it, nothing is left to flush
                if os.write(fd, block) < len(block):
                    while os.write(fd, b"\0" * 512) > 0:
                        pass
        except OSError:
            pass
        finally:
            os.close(fd)
        log(f"{self.stamp()}: state disk full ({os.statvfs(self.state).f_bavail} blocks left) for {hours} h")
        for i in range(hours):
            self.hour(index + i, online=False)
        os.remove(filler)
        self.count(f"state disk full for {hours} h, then freed")
        self.recovering = "after the disk was freed"
        return hours

    def long_outage(self, index, hours=30):
        """Offline for longer than the device token lives, captures coming all along."""
        self.network("down")
        for i in range(hours):
            self.hour(index + i, online=False)
        creds = json.load(open(os.path.join(self.state, "credentials.json")))
        expires = creds.get("expires_at", "")
        expired = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock.now())) > expires
        self.network("pass")
        self.count(f"network loss of {hours} h")
        if expired:
            self.count("device token expired while offline")
        else:
            self.findings.append(f"the token (expires {expires}) had not expired by the end of the {hours} h outage")
        log(f"{self.stamp()}: back online after {hours} h; the device token expired {expires}")
        self.recovering = f"after the {hours} h outage (token expired offline)"
        return hours

    def revoke_and_reenroll(self, index, hours=4):
        """An admin revokes the device; `hours` later the operator enrolls it anew with a new key while the
        agent runs (no restart)."""
        device = json.load(open(os.path.join(self.state, "credentials.json")))["device_id"]
        self.backend_cli("admin", "revoke-device", "--org", self.org, "--device", device)
        log(f"{self.stamp()}: device {device} revoked")
        for i in range(hours):
            self.hour(index + i, online=False)
        out = self.agent_cli("enroll", "--force", "--server", f"http://127.0.0.1:{self.proxy_port}", "--org", self.org,
                             "--state-dir", self.state, "--timeout", "60", env={"RELAY_ENROLLMENT_KEY": self.enrollment_key()})
        if out.returncode != 0:
            sys.exit(f"soak: re-enroll failed: {out.stderr[-2000:]}")
        new = json.load(open(os.path.join(self.state, "credentials.json")))["device_id"]
        log(f"{self.stamp()}: enrolled anew as {new}; the agent was not restarted")
        self.count(f"device revoked, enrolled anew {hours} h later (agent running)")
        self.recovering = "after the re-enrollment"
        return hours

    def reboot(self, index, hours=3):
        """The box off for `hours` (SIGTERM, as at shutdown): captures keep landing on the share and an old,
        uploaded session folder is deleted; then the agent starts again."""
        self.kill_agent(signal.SIGTERM)
        self.agent = None
        old = [f for f in self.capture_folders[: len(self.capture_folders) // 2] if os.path.isdir(f)]
        if old:
            shutil.rmtree(old[0])
        for i in range(hours):
            self.hour(index + i, online=False)
        self.start_agent()
        self.count(f"reboot: agent off {hours} h, watch folder changed meanwhile")
        log(f"{self.stamp()}: booted; meanwhile {hours} captures added, {os.path.basename(old[0]) if old else 'no folder'} deleted")
        self.recovering = "after the reboot"
        return hours

    def enrollment_key(self):
        out = self.backend_cli("admin", "create-enrollment-key", "--org", self.org, "--site", self.site, "--uses", "1",
                               "--expires-in-days", "2")
        return next(line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("key:"))

    # ---- the month ---------------------------------------------------------------------------------
    def schedule(self):
        """(day, hour) -> the multi-hour fault that starts then, spread over the run's days."""
        days = self.args.days
        plan = {}
        if days >= 30:
            # Random kills stop after day 19, so the last process runs the last ten days.
            plan[(10, 18)] = "outage"
            plan[(18, 2)] = "reboot"
            plan[(20, 8)] = "revoke"
            for d in (5, 15, 27):
                plan[(d, 11)] = "disk"
            # Every 3rd day the backend restarted mid-upload, every other time with SIGKILL.
            for d in range(1, days, 3):
                plan.setdefault((d, 9), "restart-hard" if (d // 3) % 2 == 1 else "restart")
        else:
            plan[(0, 9)] = "restart"
            plan[(0, 11)] = "disk"
            plan[(0, 20)] = "restart-hard"
            plan[(1, 6)] = "outage"
            plan[(days - 1, 13)] = "revoke"
            plan[(days - 1, 18)] = "reboot"
        return plan

    def setup(self):
        self.build_shim()
        self.data = os.path.join(self.work, "backend-data")
        self.watch = os.path.join(self.work, "capture")
        self.state = os.path.join(self.work, "state")
        self.agent_log = os.path.join(self.work, "agent.log")
        os.makedirs(self.watch)
        os.makedirs(self.state)
        try:
            mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", self.state], capture_output=True)
            self.disk_mounted = mount.returncode == 0
        except OSError:
            self.disk_mounted = False
        self.make_pool(self.args.days * 24 * self.args.photos + 16 * self.args.photos)
        self.backend_cli("migrate")
        self.org = self.backend_cli("admin", "create-org", "--name", "Soak").split()[-1]
        self.site = self.backend_cli("admin", "create-site", "--org", self.org, "--name", "Turntable").split()[-1]
        self.backend_port = free_port()
        self.start_proxy()  # first: the backend's public URL (presigned PUTs) is the proxy's
        self.start_backend()
        out = self.agent_cli("enroll", "--server", f"http://127.0.0.1:{self.proxy_port}", "--org", self.org, "--state-dir",
                             self.state, "--timeout", "60", env={"RELAY_ENROLLMENT_KEY": self.enrollment_key()})
        if out.returncode != 0:
            sys.exit(f"soak: enroll failed: {out.stderr[-2000:]}")
        self.config = os.path.join(self.work, "agent.json")
        json.dump({
            "state_dir": self.state, "watch_folders": [self.watch], "settle_seconds": 1, "rescan_seconds": 5,
            "concurrency": 2, "heartbeat_seconds": 5, "session_mode": "studio360", "frame_count": 24,
            "delete_originals_after_hours": 6, "retention_days": 2,
        }, open(self.config, "w"))
        self.t0 = self.clock.now()
        self.start_agent()

    def month(self):
        plan = self.schedule()
        index = 0
        while index < self.args.days * 24:
            day, h = divmod(index, 24)
            if h == 0:
                if day >= 1:
                    self.sample(f"day {day}")
                injected = sum(n for k, n in self.faults.items() if k != "captures")
                log(f"{self.stamp()}: {len(self.captured)} photos captured, {injected} faults so far")
            fault = plan.get((day, h))
            if fault == "outage":
                index += self.long_outage(index)
            elif fault == "disk":
                index += self.fill_disk(index)
            elif fault == "revoke":
                index += self.revoke_and_reenroll(index)
            elif fault == "reboot":
                index += self.reboot(index)
            elif h == 3:
                # The daily 10-minute network loss, in the middle of the hour's uploads.
                def loss():
                    self.network("down")
                    self.jump_to(self.clock.now() + 600, 2.0)
                    self.network("pass")
                    self.count("network loss of 10 min (daily)")
                    self.recovering = "after the daily 10-minute loss"
                self.hour(index, before=loss)
                index += 1
            elif h in (14, 15):
                command, label = ("latency 250", "an hour of 250 ms latency") if h == 14 else \
                    ("reset-every 40", "an hour of connections reset after 40 chunks")
                self.network(command)
                self.hour(index)
                self.network("latency 0" if h == 14 else "reset-every 0")
                self.count(label)
                index += 1
            elif fault in ("restart", "restart-hard"):
                hard = fault == "restart-hard"
                self.hour(index, before=lambda: (time.sleep(self.rng.uniform(0.05, 0.4)), self.restart_backend(hard)))
                index += 1
            else:
                # No random kill in the last ten days of a month (the last process lives them), nor in the
                # first hour after a fault (a restart would hide whether the agent got over it by itself).
                quiet = (self.args.days >= 30 and day >= 20) or self.recovering is not None
                self.hour(index, kill_chance=0.0 if quiet else self.args.kill_chance)
                index += 1
        if "agent SIGKILL at a random moment" not in self.faults:
            self.hour(index, kill_chance=1.0)

    def drain(self):
        """After the month, the network sound: real time until nothing is queued, no event is left to post
        and the backend has processed every capture."""
        deadline = time.time() + self.args.drain_seconds
        last = None
        while time.time() < deadline:
            self.check_agent()
            status = self.status()
            if status:
                queue = status.get("queue", {})
                pending = sum(queue.get(k, 0) for k in ("discovered", "qc_done", "presigned", "uploaded"))
                last = (pending, status.get("events_to_post"), queue.get("rejected", 0))
                if pending == 0 and status.get("events_to_post") == 0 and self.backend_has_all(processed=True):
                    if queue.get("rejected", 0):
                        self.findings.append(f"the agent's queue holds {queue['rejected']} rejected items")
                    return True
            time.sleep(1.0)
        self.findings.append(f"not drained in {self.args.drain_seconds} s: pending, events to post, rejected = {last}")
        return False

    def backend_db(self):
        db = sqlite3.connect(f"file:{os.path.join(self.data, 'relay.sqlite')}?mode=ro", uri=True, timeout=30)
        return db

    def backend_has_all(self, processed=False):
        """Whether the backend holds (or has processed) every capture's bytes."""
        status = "status = 'processed'" if processed else "status != 'pending'"
        with self.backend_db() as db:
            shas = {row[0] for row in db.execute(f"SELECT sha256 FROM images WHERE {status}")}
        return set(self.captured) <= shas

    def verify(self):
        with self.backend_db() as db:
            rows = db.execute("SELECT lower(CAST(id AS TEXT)), sha256, status FROM images").fetchall()
            types = db.execute("SELECT type, lower(CAST(entity_id AS TEXT)), count(*) FROM events "
                               "WHERE type IN ('upload_started','upload_complete') GROUP BY 1, 2").fetchall()
            heartbeats = db.execute("SELECT count(*) FROM events WHERE type = 'heartbeat'").fetchone()[0]
        per_sha = {}
        for image_id, sha, status in rows:
            per_sha.setdefault(sha, []).append((image_id, status))
        lost = [sha for sha in self.captured if sha not in per_sha]
        duplicated = [sha for sha, images in per_sha.items() if len(images) > 1]
        strangers = [sha for sha in per_sha if sha not in self.captured]
        unprocessed = [(sha, images[0][1]) for sha, images in per_sha.items() if images[0][1] not in ("processed",)]
        events = {}
        for kind, entity, n in types:
            events[(kind, entity.replace("-", ""))] = n
        ids = [images[0][0].replace("-", "") for images in per_sha.values()]
        missing_events = [(k, i) for i in ids for k in ("upload_started", "upload_complete") if (k, i) not in events]
        twice_events = [(k, i, n) for (k, i), n in events.items() if n > 1]
        return {"lost": lost, "duplicated": duplicated, "strangers": strangers, "unprocessed": unprocessed,
                "missing_events": missing_events, "twice_events": twice_events, "heartbeats": heartbeats,
                "images": len(rows)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--photos", type=int, default=3, help="photos per hourly capture")
    parser.add_argument("--hour-seconds", type=float, default=30, help="real seconds an hour's capture may take to be up")
    parser.add_argument("--recovery-seconds", type=float, default=150,
                        help="real seconds the first capture after a fault may take (the offline probe backs off to 60 s)")
    parser.add_argument("--kill-chance", type=float, default=0.04, help="chance per quiet hour of a SIGKILL")
    parser.add_argument("--drain-seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    if args.days < 3:
        sys.exit("soak: --days must be at least 3 (the faults need the room)")
    if not os.path.exists(FAKETIME_LIB):
        sys.exit("soak: libfaketime is missing (apt package faketime)")
    # A SIGTERM (CI's time limit) unwinds through the cleanup below like an exception.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = tempfile.mkdtemp(prefix="relay-soak.")
    soak = Soak(args, work)
    started = time.time()
    try:
        soak.setup()
        log(f"work folder {work}; {args.days} simulated days; seed {args.seed}")
        soak.month()
        drained = soak.drain()
        soak.sample("end")
        result = soak.verify()
        report(soak, result, drained, time.time() - started)
        failed = bool(result["lost"] or result["duplicated"] or result["strangers"] or result["missing_events"]
                      or result["twice_events"] or result["unprocessed"] or not drained or soak.findings)
        # Every kind of fault happened (a schedule that lost one would pass without testing it).
        expected = ["agent SIGKILL at a random moment", "backend restart (SIGTERM)", "backend SIGKILL + restart",
                    "network loss of 10 min (daily)", "an hour of 250 ms latency", "an hour of connections reset after 40 chunks",
                    "network loss of 30 h", "device token expired while offline", "device revoked, enrolled anew 4 h later (agent running)",
                    "reboot: agent off 3 h, watch folder changed meanwhile"]
        if soak.disk_mounted:
            expected.append("state disk full for 3 h, then freed")
        for kind in expected:
            if not soak.faults.get(kind):
                print(f"FAIL: no '{kind}' was injected")
                failed = True
        end = soak.samples.get("end", {})
        if end.get("fds", -1) <= 0 or end.get("rss_kib", -1) <= 0:
            print(f"FAIL: the agent's RSS and descriptors could not be read at the end: {end}")
            failed = True
        # Leaks show in one process over time: the final process's first daily sample against the end.
        same = [(label, s) for label, s in soak.samples.items() if label != "end" and s.get("pid") == end.get("pid")]
        if same:
            label, first = same[0]
            print(f"the final agent process, {label} -> end ({end['agent_uptime_h'] - first['agent_uptime_h']:.0f} simulated h): "
                  f"RSS {first['rss_kib'] / 1024:.1f} -> {end['rss_kib'] / 1024:.1f} MiB, fds {first['fds']} -> {end['fds']}")
            if end["fds"] > first["fds"] + 16:
                print(f"FAIL: the final process's open file descriptors grew from {first['fds']} to {end['fds']}")
                failed = True
        else:
            print("the final agent process started after the last daily sample: no leak check over time in this run")
        if end.get("queue_db_bytes", 0) > 16 << 20:
            print(f"FAIL: the queue database is {end.get('queue_db_bytes')} bytes at the end")
            failed = True
        print("soak:", "FAILED" if failed else "passed")
        return 1 if failed else 0
    finally:
        for process in (soak.agent, soak.backend, soak.proxy):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=20)
        if os.path.exists(os.path.join(work, "agent.log")):
            shutil.copy(os.path.join(work, "agent.log"), "/tmp/relay-soak-agent.log")
            shutil.copy(os.path.join(work, "backend.log"), "/tmp/relay-soak-backend.log")
        if soak.disk_mounted and subprocess.run(["umount", soak.state]).returncode != 0:
            subprocess.run(["umount", "-l", soak.state])  # lazily, rather than leave it mounted
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(soak, result, drained, seconds):
    print()
    print(f"soak: {soak.args.days} simulated days in {seconds:.0f} real s; {soak.faults.get('captures', 0)} captures, "
          f"{len(soak.captured)} photos")
    print("faults injected:")
    for kind, n in sorted(soak.faults.items()):
        if kind != "captures":
            print(f"  {n:4d}  {kind}")
    print(f"  agent exits on its own: {soak.unexpected_exits}")
    print(f"on the backend: {result['images']} images; lost {len(result['lost'])}, duplicated {len(result['duplicated'])}, "
          f"unknown {len(result['strangers'])}, not processed {len(result['unprocessed'])}")
    print(f"events: missing {len(result['missing_events'])}, stored twice {len(result['twice_events'])}; "
          f"{result['heartbeats']} heartbeats")
    print(f"drained: {'yes' if drained else 'NO'}")
    if soak.catchup:
        ordered = sorted(soak.catchup)
        print(f"an hour's capture up on the backend after (real s): median {ordered[len(ordered) // 2]:.1f}, "
              f"max {ordered[-1]:.1f} over {len(ordered)} hours; hours over the bound: {soak.slow_hours}")
    for label, seconds in soak.recoveries:
        print(f"caught up {label}: {seconds:.1f} real s")
    for label in ("day 1", "end"):
        s = soak.samples.get(label, {})
        print(f"agent at {label:5s}: RSS {s.get('rss_kib', -1) / 1024:.1f} MiB, {s.get('fds')} open fds, queue database "
              f"{s.get('queue_db_bytes', 0) / 1024:.0f} KiB (file {s.get('queue_main_bytes', 0) / 1024:.0f} KiB + WAL "
              f"{s.get('queue_wal_bytes', 0) / 1024:.0f} KiB), process up {s.get('agent_uptime_h', 0):.1f} simulated h")
    trend = [(label, s) for label, s in soak.samples.items() if label.startswith("day ")]
    if len(trend) > 2:
        print("each day at 00:00 (RSS MiB / fds / queue file KiB / process up h): " + ", ".join(
            f"{label[4:]}: {s['rss_kib'] / 1024:.0f}/{s['fds']}/{s['queue_main_bytes'] / 1024:.0f}/{s['agent_uptime_h']:.0f}"
            for label, s in trend))
    for kind in ("lost", "duplicated", "strangers", "unprocessed", "missing_events", "twice_events"):
        if result[kind]:
            print(f"{kind}: {result[kind][:10]}")
    for finding in soak.findings:
        print(f"finding: {finding}")
    for skipped in soak.skipped:
        print(f"skipped: {skipped}")


if __name__ == "__main__":
    sys.exit(main())
