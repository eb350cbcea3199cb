"""Photo ingest through a Relay fleet, as studios do it, with processes killed on the way.

    python3 scripts/lib/fleet_ingest.py FLEET_ENV EMAIL PASSWORD_FILE SITE_ID IMAGES_DIR [--kill NAME@FRACTION ...]
                                        [--concurrency N] [--chaos SECONDS]
                                        [--fault restart-postgres@FRACTION] [--fault kill-volume-K@FRACTION]

Logs in through the load balancer, opens a capture session, and for every JPEG in IMAGES_DIR: presign,
PUT the bytes to the store's presigned URL, report `upload_complete` (one event per image, each with
an idempotency key, sent twice to show a repeated report is harmless). At each FRACTION of the images
sent, `scripts/fleet.sh restart NAME` kills that process with SIGKILL and starts it again. A request
that meets 502/503 (a process killed under it) is retried, as the agent does. Then waits until every
image is `processed` and checks the job history in PostgreSQL: one `image.process` job per image,
succeeded, and `processing_runs` 1. Prints counts and exits 1 on any loss, duplicate or unexpected
answer. With --concurrency N (default 1), N images are in flight at once, as N cameras would send.
With --chaos SECONDS, a random API or worker process is killed (SIGKILL) and restarted every SECONDS
until every image is processed; --fault restarts PostgreSQL or kills a volume server once, when that
fraction of the images has been sent. The store's own answers (the presigned PUT) are retried on 5xx
as the agent does, and counted apart.
"""
import glob
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed


def load_env(path):
    env = {}
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        env[name] = subprocess.run(["bash", "-c", f"printf %s {value}"], capture_output=True, text=True).stdout
    return env


env = load_env(sys.argv[1])
email, password = sys.argv[2], open(sys.argv[3]).read().strip()
site, images_dir = sys.argv[4], sys.argv[5]
kills = []
faults = []  # (fraction, "restart-postgres" | "kill-volume-K")
chaos_seconds = 0.0
concurrency = 1
args = sys.argv[6:]
while args:
    if args[0] == "--kill":
        name, fraction = args[1].split("@")
        kills.append((float(fraction), name))
        args = args[2:]
    elif args[0] == "--concurrency":
        concurrency = int(args[1])
        args = args[2:]
    elif args[0] == "--chaos":
        chaos_seconds = float(args[1])
        args = args[2:]
    elif args[0] == "--fault":
        name, fraction = args[1].split("@")
        faults.append((float(fraction), name))
        args = args[2:]
    else:
        sys.exit(f"unknown argument {args[0]}")
base = env["RELAY_FLEET_URL"]
answers = {}  # status -> count
retried = 0
lock = threading.Lock()


store_retries = 0


def call(method, url, body=None, headers=None, token=None, raw=False, store=False):
    global retried, store_retries
    data = body if raw or body is None else json.dumps(body).encode()
    headers = dict(headers or {})
    if not raw and body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    for attempt in range(30):
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                with lock:
                    answers[response.status] = answers.get(response.status, 0) + 1
                payload = response.read()
                return json.loads(payload) if payload and not raw else payload
        except urllib.error.HTTPError as error:
            if store and error.code >= 500 and attempt < 29:
                with lock:
                    store_retries += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            with lock:
                answers[error.code] = answers.get(error.code, 0) + 1
            if error.code in (502, 503) and attempt < 29:
                with lock:
                    retried += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            raise SystemExit(f"{method} {url} -> {error.code}: {error.read()[:300]!r}")
        except (urllib.error.URLError, ConnectionError) as error:
            if attempt < 29:
                with lock:
                    retried += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            raise SystemExit(f"{method} {url}: {error}")


token = call("POST", base + "/v1/auth/login", {"email": email, "password": password})["access_token"]
session = call("POST", base + "/v1/sessions", {"site_id": site, "vehicle": {"stock": "FLEET-1"}, "mode": "stills"},
               token=token)["id"]
files = sorted(glob.glob(os.path.join(images_dir, "*.jpg")))
image_ids = []
started = time.time()
pending_kills = sorted(kills)


def ingest(path):
    data = open(path, "rb").read()
    sha = hashlib.sha256(data).hexdigest()
    presigned = call("POST", base + "/v1/presign", {"session_id": session, "file_name": os.path.basename(path),
                                                    "content_type": "image/jpeg", "content_sha256": sha}, token=token)
    call(presigned.get("method", "PUT"), presigned["upload_url"], data, headers=presigned.get("headers") or {}, raw=True,
         store=True)
    event = {"entity_type": "image", "entity_id": presigned["image_id"], "type": "upload_complete",
             "idempotency_key": str(uuid.uuid5(uuid.NAMESPACE_URL, presigned["image_id"]))}
    call("POST", base + "/v1/events", event, token=token)
    call("POST", base + "/v1/events", event, token=token)  # a repeated report: accepted, no second job
    return presigned["image_id"]


def fleet(*command):
    subprocess.run(["bash", "scripts/fleet.sh", *command], check=True,
                   env=dict(os.environ, RELAY_FLEET_DIR=env["RELAY_FLEET_DIR"]))


pending_faults = sorted(faults)
chaos_kills = []
finished = threading.Event()


def kill_due(done):
    while pending_kills and done >= pending_kills[0][0] * len(files):
        fleet("restart", pending_kills.pop(0)[1])
    while pending_faults and done >= pending_faults[0][0] * len(files):
        fault = pending_faults.pop(0)[1]
        if fault == "restart-postgres":
            fleet("restart-postgres")
        elif fault.startswith("kill-volume-"):
            fleet("kill-volume", fault.rsplit("-", 1)[1])
        else:
            raise SystemExit(f"unknown fault {fault}")


def chaos():
    import random
    names = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(env["RELAY_FLEET_DIR"], "pids", "*.pid"))
                   if not p.endswith("nginx.pid"))
    while not finished.wait(chaos_seconds):
        name = random.choice(names)
        fleet("restart", name)
        chaos_kills.append(name)


if chaos_seconds > 0:
    threading.Thread(target=chaos, daemon=True).start()


with ThreadPoolExecutor(max_workers=concurrency) as pool:
    futures = []
    for index, path in enumerate(files):
        if concurrency == 1:
            kill_due(index)
        futures.append(pool.submit(ingest, path))
        if concurrency == 1:
            image_ids.append(futures[-1].result())
    if concurrency > 1:
        for done, future in enumerate(as_completed(futures)):
            kill_due(done)
            image_ids.append(future.result())
sent = time.time() - started

psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]


def sql(query):
    return [line.split("|") for line in subprocess.run(
        [psql, "-X", "-qtA", env["RELAY_DATABASE_URL"], "-c", query], capture_output=True, text=True,
        check=True).stdout.split("\n") if line]


# Waits on the database (cheap for thousands of images), then reads every image through the API.
deadline = time.time() + float(os.environ.get("FLEET_PROCESS_TIMEOUT", "300"))
while time.time() < deadline:
    try:
        left = int(sql(f"SELECT count(*) FROM images WHERE session_id = '{session}' "
                       "AND status NOT IN ('processed', 'failed')")[0][0])
    except subprocess.CalledProcessError:
        left = -1  # PostgreSQL restarting
    if left == 0:
        break
    time.sleep(0.5)
processed_at = time.time() - started
statuses = {i: call("GET", base + f"/v1/images/{i}", token=token)["status"] for i in image_ids}
finished.set()

query = ("SELECT i.id, i.status, i.processing_runs, "
         "(SELECT count(*) FROM jobs j WHERE j.kind = 'image.process' AND j.payload LIKE '%' || i.id::text || '%'), "
         "(SELECT count(*) FROM jobs j WHERE j.kind = 'image.process' AND j.state = 'succeeded' AND j.payload LIKE '%' || i.id::text || '%'), "
         "(SELECT coalesce(max(attempts), 0) FROM jobs j WHERE j.kind = 'image.process' AND j.payload LIKE '%' || i.id::text || '%') "
         f"FROM images i WHERE i.session_id = '{session}'")
rows = sql(query)
by_id = {row[0]: row for row in rows}
lost = [i for i in image_ids if statuses.get(i) != "processed"]
duplicated = [r[0] for r in rows if r[3] != "1" or r[4] != "1" or r[2] != "1"]
retried_jobs = sum(1 for r in rows if int(r[5]) > 1)
unexpected = {k: v for k, v in answers.items() if k not in (200, 201, 202, 204, 502, 503)}
print(f"fleet ingest: {len(files)} images sent in {sent:.1f} s, all processed after {processed_at:.1f} s "
      f"({len(files) / processed_at * 60:.0f} images/min); kills: {', '.join(n for _, n in kills) or 'none'}")
print(f"  answers {dict(sorted(answers.items()))}, requests retried after 502/503/refused: {retried}, "
      f"store PUTs retried after 5xx: {store_retries}")
if chaos_kills or faults:
    print(f"  chaos: {len(chaos_kills)} processes killed and restarted ({', '.join(chaos_kills)}); "
          f"faults: {', '.join(f for _, f in faults) or 'none'}")
print(f"  image rows {len(rows)}, not processed {len(lost)}, jobs not exactly one succeeded per image {len(duplicated)}, "
      f"jobs that needed a second attempt (their worker killed) {retried_jobs}")
if lost or duplicated or unexpected or len(rows) != len(files):
    print(f"  FAILED: lost {lost[:5]}, duplicated {duplicated[:5]}, unexpected answers {unexpected}")
    sys.exit(1)
