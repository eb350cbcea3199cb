"""Photo ingest through a Relay fleet, as studios do it, with processes killed on the way.

    python3 scripts/lib/fleet_ingest.py FLEET_ENV EMAIL PASSWORD_FILE SITE_ID IMAGES_DIR [--kill NAME@FRACTION ...]
                                        [--concurrency N] [--chaos SECONDS]
                                        [--fault restart-postgres@FRACTION] [--fault kill-volume-K@FRACTION]
                                        [--recordings DIR]

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

With --recordings DIR, every MP4 in DIR is also sent, interleaved with the photos, as a multi-camera
recording (seed 000): sessions of four cameras A-D, init-upload, every part PUT to its presigned URL,
complete. Afterwards every recording must be `ready`, ingested by exactly one succeeded `asset.ingest`
job, and the store must hold no multipart upload left open (ListMultipartUploads, SigV4-signed).
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
recordings_dir = None
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
    elif args[0] == "--recordings":
        recordings_dir = args[1]
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
timeouts = []


def call(method, url, body=None, headers=None, token=None, raw=False, store=False, etag=False):
    global retried, store_retries
    data = body if raw or body is None else json.dumps(body).encode()
    headers = dict(headers or {})
    if not raw and body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    for attempt in range(30):
        # Each attempt has an id of its own, so a stuck one can be found in the processes' logs.
        request_id = str(uuid.uuid4())
        if not store:
            headers["X-Request-Id"] = request_id
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                with lock:
                    answers[response.status] = answers.get(response.status, 0) + 1
                payload = response.read()
                if etag:
                    return response.headers.get("ETag")
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
        except TimeoutError:
            # No answer within 60 s is a fault of its own (counted, fails the run); show where the
            # fleet stands once, then retry as a client would.
            with lock:
                timeouts.append(f"{method} {url} (X-Request-Id {request_id})")
                first = len(timeouts) == 1
            if first:
                print(f"no answer within 60 s: {method} {url} (X-Request-Id {request_id})", flush=True)
                subprocess.run(["bash", "scripts/fleet.sh", "status"], env=dict(os.environ, RELAY_FLEET_DIR=env["RELAY_FLEET_DIR"]))
            if attempt < 29:
                continue
            raise SystemExit(f"{method} {url}: no answer, 30 times")
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


recordings = sorted(glob.glob(os.path.join(recordings_dir, "*.mp4"))) if recordings_dir else []
multicam_sessions = [
    call("POST", base + "/v2/sessions", {"title": f"Service {n + 1}", "date": "2026-12-06", "location": "Main Campus",
                                         "projectId": "proj-fleet"}, token=token)["id"]
    for n in range((len(recordings) + 3) // 4)]
asset_ids = []


def record(index, path):
    """One camera's recording: init-upload, every part to its presigned URL, complete."""
    data = open(path, "rb").read()
    multicam = multicam_sessions[index // 4]
    started = call("POST", base + f"/v2/sessions/{multicam}/assets/init-upload",
                   {"cameraLabel": "ABCD"[index % 4], "filename": os.path.basename(path), "contentType": "video/mp4",
                    "sizeBytes": len(data)}, token=token)
    size = started["partSize"]
    parts = []
    for part in started["parts"]:
        number = part["partNumber"]
        tag = call("PUT", part["uploadUrl"], data[(number - 1) * size:number * size], raw=True, store=True, etag=True)
        parts.append({"partNumber": number, "etag": tag})
    call("POST", base + f"/v2/sessions/{multicam}/assets/{started['assetId']}/complete",
         {"uploadId": started["uploadId"], "parts": parts}, token=token)
    return started["assetId"]


def open_multipart_uploads():
    """The bucket's multipart uploads not completed or aborted (S3 ListMultipartUploads, SigV4)."""
    import datetime
    import hmac
    import xml.etree.ElementTree as tree
    endpoint, bucket = env["RELAY_S3_ENDPOINT"].rstrip("/"), env["RELAY_S3_BUCKET"]
    region, key, secret = env["RELAY_S3_REGION"], env["RELAY_S3_ACCESS_KEY_ID"], env["RELAY_S3_SECRET_ACCESS_KEY"]
    host = endpoint.split("://", 1)[1]
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    empty = hashlib.sha256(b"").hexdigest()
    canonical = f"GET\n/{bucket}\nuploads=\nhost:{host}\nx-amz-content-sha256:{empty}\nx-amz-date:{stamp}\n\n" \
                f"host;x-amz-content-sha256;x-amz-date\n{empty}"
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    signing = ("AWS4" + secret).encode()
    for part in (day, region, "s3", "aws4_request"):
        signing = hmac.new(signing, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(signing, to_sign.encode(), hashlib.sha256).hexdigest()
    request = urllib.request.Request(f"{endpoint}/{bucket}?uploads=", headers={
        "x-amz-date": stamp, "x-amz-content-sha256": empty,
        "Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                         f"Signature={signature}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        root = tree.fromstring(response.read())
    return [element.text for element in root.iter() if element.tag.endswith("UploadId")]


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


# Recordings go in among the photos: one after every len(files) / len(recordings) images.
every = max(1, len(files) // max(1, len(recordings))) if recordings else 0
with ThreadPoolExecutor(max_workers=concurrency) as pool:
    futures = []
    recording_futures = []
    for index, path in enumerate(files):
        if concurrency == 1:
            kill_due(index)
        futures.append(pool.submit(ingest, path))
        if recordings and index % every == every - 1 and len(recording_futures) < len(recordings):
            number = len(recording_futures)
            recording_futures.append(pool.submit(record, number, recordings[number]))
        if concurrency == 1:
            image_ids.append(futures[-1].result())
    while len(recording_futures) < len(recordings):
        number = len(recording_futures)
        recording_futures.append(pool.submit(record, number, recordings[number]))
    if concurrency > 1:
        for done, future in enumerate(as_completed(futures)):
            kill_due(done)
            image_ids.append(future.result())
    asset_ids = [future.result() for future in recording_futures]
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
    if left == 0 and recordings:
        try:
            left = int(sql("SELECT count(*) FROM multicam_assets WHERE session_id IN ("
                           + ",".join(f"'{m}'" for m in multicam_sessions) + ") AND status NOT IN ('ready', 'failed')")[0][0])
        except subprocess.CalledProcessError:
            left = -1
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
recordings_failed = []
if recordings:
    asset_rows = sql("SELECT a.id, a.status, "
                     "(SELECT count(*) FROM jobs j WHERE j.kind = 'asset.ingest' AND j.payload LIKE '%' || a.id::text || '%'), "
                     "(SELECT count(*) FROM jobs j WHERE j.kind = 'asset.ingest' AND j.state = 'succeeded' AND j.payload LIKE '%' || a.id::text || '%'), "
                     "(SELECT coalesce(max(attempts), 0) FROM jobs j WHERE j.kind = 'asset.ingest' AND j.payload LIKE '%' || a.id::text || '%') "
                     "FROM multicam_assets a WHERE a.session_id IN (" + ",".join(f"'{m}'" for m in multicam_sessions) + ")")
    assets = {row[0]: row for row in asset_rows}
    not_ready = [a for a in asset_ids if assets.get(a, ["", ""])[1] != "ready"]
    not_once = [a for a in asset_ids if a in assets and (assets[a][2] != "1" or assets[a][3] != "1")]
    extra = [row[0] for row in asset_rows if row[0] not in asset_ids]
    open_uploads = open_multipart_uploads()
    print(f"  recordings {len(recordings)} in {len(multicam_sessions)} sessions: not ready {len(not_ready)}, "
          f"ingest jobs not exactly one succeeded {len(not_once)}, jobs that needed a second attempt "
          f"{sum(1 for row in asset_rows if int(row[4]) > 1)}, asset rows {len(asset_rows)} "
          f"(extra, from retried init-uploads: {len(extra)}), S3 multipart uploads left open {len(open_uploads)}")
    recordings_failed = not_ready + not_once + open_uploads
if timeouts:
    print(f"  requests with no answer within 60 s: {len(timeouts)} (first: {timeouts[0]})")
if lost or duplicated or unexpected or len(rows) != len(files) or recordings_failed or timeouts:
    print(f"  FAILED: lost {lost[:5]}, duplicated {duplicated[:5]}, unexpected answers {unexpected}, "
          f"recordings {recordings_failed[:5]}")
    sys.exit(1)
