#!/usr/bin/env python3
"""Feeds the demo (scripts/demo.sh) with sample captures, the way a studio would make them.

- A 24-frame turntable spin (frame 8 blurred, frame 16 two stops dark) dropped into the agent's watch
  folder: the agent takes it in, runs QC at the edge and uploads it.
- A 3-camera recording (A wide, B pulpit, C organ loft) with known offsets dropped into the agent's
  recording folder: the agent sends it through multipart uploads; when every camera is ingested this
  script asks the backend to compute the sync (master A), which then waits for a reviewer's approval.
- Two stills of another car and a short video, uploaded through the API as a reviewer's tools would.
- A master and a dub (cameras A and B's sound) in the analyzer's media folder (seed 002).

Everything is generated here with ffmpeg (no download). When all of it has landed it writes
`--ready-file` (JSON: URL, login, ids, the recording's true offsets) and exits 0; 1 on a failure.
Only the standard library: it runs on a fresh machine before any PyPI tool.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

SPIN_VIN = "1HGCM82633A004352"
STILLS_STOCK = "DEMO-STILLS-1"
FRAMES = 24
BLURRED_FRAME = 7      # 0-based: the 8th frame, at 105°
DARK_FRAME = 15        # the 16th frame, at 225°
RECORDING = "2026-12-06_Sunday_service"
PROJECT_ID = "demo-church"
# offsets[X] = t_X − t_master for the same sound, in ms (README, "Sign"): B started 1.234 s after A,
# C 0.5 s before A.
CAMERA_STARTS = {"A": 2.000, "B": 3.234, "C": 1.500}
TRUE_OFFSETS_MS = {name: round((CAMERA_STARTS["A"] - start) * 1000) for name, start in CAMERA_STARTS.items()}
RECORDING_SECONDS = 24


def log(message):
    print(f"[demo-feed] {message}", file=sys.stderr, flush=True)


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args], check=True)


class API:
    def __init__(self, base, token=None):
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method, path, body=None, headers=None, raw=None, timeout=60):
        url = path if path.startswith("http") else self.base + path
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(url, data=data, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read()
                return response.status, (json.loads(text) if text[:1] in (b"{", b"[") else text)
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text

    def ok(self, method, path, body=None, **kwargs):
        status, answer = self.call(method, path, body, **kwargs)
        if status >= 300:
            raise RuntimeError(f"{method} {path} answered {status}: {answer}")
        return answer


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(1)


# --- Samples -------------------------------------------------------------------------------------------

def make_spin(folder):
    """24 frames of a turning test scene; frame BLURRED_FRAME out of focus, DARK_FRAME 2 EV under."""
    os.makedirs(folder)
    now = time.time()
    for index in range(FRAMES):
        angle = index * 360 / FRAMES
        filters = f"rotate={angle}*PI/180:fillcolor=0x6a6f78,hue=h={angle}"
        if index == BLURRED_FRAME:
            filters += ",gblur=sigma=6"
        if index == DARK_FRAME:
            filters += ",lutrgb=r=val*0.3:g=val*0.3:b=val*0.3"
        path = os.path.join(folder, f"IMG_{index + 1:04d}.jpg")
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1600x1200:rate=1", "-frames:v", "1", "-vf", filters, "-q:v", "3", path)
        # The agent numbers frames in capture order (modification time, then name).
        os.utime(path, (now - FRAMES + index, now - FRAMES + index))


def make_recording(folder, scratch):
    """Three cameras sharing one room's sound (pink noise with a speech-like rhythm), each starting at
    its own moment, with a little sound of its own; H.264/AAC MP4."""
    os.makedirs(folder)
    room = os.path.join(scratch, "room.wav")
    total = RECORDING_SECONDS + 6
    ffmpeg("-f", "lavfi", "-i", f"anoisesrc=color=pink:seed=20261206:duration={total}:sample_rate=48000",
           "-af", "volume='0.25+0.75*gt(sin(2*PI*t*1.7)*sin(2*PI*t*0.37),0)':eval=frame", room)
    scenes = {"A": "testsrc2", "B": "smptebars", "C": "rgbtestsrc"}
    names = {"A": "A_wide.mp4", "B": "B_pulpit.mp4", "C": "C_organ.mp4"}
    for camera, start in CAMERA_STARTS.items():
        ffmpeg("-f", "lavfi", "-i", f"{scenes[camera]}=size=640x360:rate=25",
               "-ss", f"{start:.3f}", "-t", str(RECORDING_SECONDS), "-i", room,
               "-f", "lavfi", "-i", f"anoisesrc=color=white:seed={ord(camera)}:amplitude=0.02:sample_rate=48000",
               "-filter_complex", "[1:a][2:a]amix=inputs=2:duration=first:normalize=0[a]",
               "-map", "0:v", "-map", "[a]", "-t", str(RECORDING_SECONDS),
               "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k",
               "-movflags", "+faststart", os.path.join(folder, names[camera]))


def make_analyzer_pair(recording_folder, media):
    """The analyzer's media root gets cameras A and B's sound as `demo-master.wav` and `demo-dub.wav`:
    the dub's offset is B's, -1.234 s (t_dub − t_master)."""
    folder = media
    os.makedirs(folder, exist_ok=True)
    for camera, name in (("A_wide.mp4", "demo-master.wav"), ("B_pulpit.mp4", "demo-dub.wav")):
        target = os.path.join(folder, name)
        if not os.path.exists(target):
            ffmpeg("-i", os.path.join(recording_folder, camera), "-vn", "-ac", "1", "-ar", "48000", target + ".tmp.wav")
            os.replace(target + ".tmp.wav", target)


def make_still(path, scene):
    ffmpeg("-f", "lavfi", "-i", f"{scene}=size=2000x1500:rate=1", "-frames:v", "1", "-q:v", "3", path)


def make_video(path):
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000",
           "-t", "12", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path)


def move_in(source, target_parent):
    """Moves a finished folder into a watched folder in one rename (the agent never sees it half made)."""
    target = os.path.join(target_parent, os.path.basename(source))
    if os.path.exists(target):
        return False
    shutil.move(source, target)
    return True


# --- API uploads ---------------------------------------------------------------------------------------

def upload_stills(api, site_id, paths):
    session = api.ok("POST", "/v1/sessions", {
        "site_id": site_id, "vehicle": {"stock": STILLS_STOCK}, "mode": "stills",
        "shot_list": {"stills": ["front_three_quarter", "interior"]}},
        headers={"Idempotency-Key": "demo-stills-session"})
    ids = []
    for path, shot in zip(paths, ["front_three_quarter", "interior"]):
        data = open(path, "rb").read()
        grant = api.ok("POST", "/v1/presign", {
            "session_id": session["id"], "file_name": os.path.basename(path), "content_type": "image/jpeg",
            "content_sha256": hashlib.sha256(data).hexdigest(), "shot_name": shot})
        status, answer = api.call("PUT", grant["upload_url"], raw=data, headers=grant["headers"])
        if status >= 300:
            raise RuntimeError(f"PUT of {path} answered {status}: {answer}")
        ids.append(grant["image_id"])
    api.ok("POST", "/v1/events", {"events": [
        {"entity_type": "image", "entity_id": image, "type": "upload_complete"} for image in ids]})
    return session["id"]


def upload_video(api, path):
    boundary = "relay-demo-" + uuid.uuid4().hex
    data = open(path, "rb").read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{os.path.basename(path)}\"\r\n"
            f"Content-Type: video/mp4\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    answer = api.ok("POST", "/v1/upload", raw=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                    timeout=300)
    return answer["videoId"]


# --- Waiting for the backend ---------------------------------------------------------------------------

def find_capture_session(api, vehicle_key, value):
    for row in api.ok("GET", "/v1/sessions?limit=100")["data"]:
        if (row.get("vehicle") or {}).get(vehicle_key) == value:
            return row["id"]
    return None


def settled_images(api, session_id, count):
    images = api.ok("GET", f"/v1/images?session_id={session_id}")["data"]
    done = [image for image in images if image["status"] in ("processed", "failed", "published")]
    return images if len(done) >= count else None


def find_recording(api):
    for row in api.ok("GET", "/v2/sessions?limit=100")["data"]:
        if row["title"] == "Sunday service" and row["projectId"] == PROJECT_ID:
            return row
    return None


def recording_ingested(api):
    row = find_recording(api)
    if row and row["assets"]["ready"] >= len(CAMERA_STARTS) and row["assets"]["total"] >= len(CAMERA_STARTS):
        return row
    if row and row["assets"]["failed"]:
        raise RuntimeError(f"a camera failed to ingest: {row}")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--credentials", required=True, help="demo-credentials.txt (admin_email, admin_password, site_id)")
    parser.add_argument("--watch", required=True)
    parser.add_argument("--recordings", required=True)
    parser.add_argument("--media", required=True, help="the analyzer's media root (the data dir's media/)")
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()

    credentials = {}
    for line in open(args.credentials):
        key, sep, value = line.partition(":")
        if sep and not key.startswith("#"):
            credentials[key.strip()] = value.strip()
    email, site = credentials["admin_email"], credentials["site_id"]
    login = API(args.base).ok("POST", "/v1/auth/login", {"email": email, "password": credentials["admin_password"]})
    api = API(args.base, login["access_token"])

    with tempfile.TemporaryDirectory(prefix="relay-demo-samples.") as scratch:
        spin_folder = os.path.join(scratch, SPIN_VIN)
        if not os.path.exists(os.path.join(args.watch, SPIN_VIN)):
            log(f"making the {FRAMES}-frame spin (frame {BLURRED_FRAME + 1} blurred, frame {DARK_FRAME + 1} dark)")
            make_spin(spin_folder)
            move_in(spin_folder, args.watch)
        if not os.path.exists(os.path.join(args.recordings, RECORDING)):
            log("making the 3-camera recording (B starts 1.234 s after A, C 0.5 s before)")
            recording_folder = os.path.join(scratch, RECORDING)
            make_recording(recording_folder, scratch)
            move_in(recording_folder, args.recordings)
        make_analyzer_pair(os.path.join(args.recordings, RECORDING), args.media)

        stills_session = find_capture_session(api, "stock", STILLS_STOCK)
        if stills_session is None:
            log("uploading two stills through the API")
            paths = [os.path.join(scratch, "front.jpg"), os.path.join(scratch, "interior.jpg")]
            make_still(paths[0], "testsrc2")
            make_still(paths[1], "smptehdbars")
            stills_session = upload_stills(api, site, paths)

        videos = api.ok("GET", "/v1/videos?limit=100")["data"]
        video = next((row["videoId"] for row in videos if row["fileName"] == "demo-clip.mp4"), None)
        if video is None:
            log("uploading a 12 s video through the API")
            path = os.path.join(scratch, "demo-clip.mp4")
            make_video(path)
            video = upload_video(api, path)

    log("waiting for the agent's spin to be processed")
    spin_session = wait_for("the spin's session", lambda: find_capture_session(api, "vin", SPIN_VIN), args.timeout)
    images = wait_for("the spin's frames", lambda: settled_images(api, spin_session, FRAMES), args.timeout)
    wait_for("the stills", lambda: settled_images(api, stills_session, 2), args.timeout)
    flagged = sorted(round(image["angle_deg"]) for image in images
                     if any((image["qc"].get(measure) or {}).get("status") == "fail" for measure in ("sharpness", "exposure")))
    log(f"spin: {len(images)} frames, QC failed at {flagged}°")

    log("waiting for the recording's cameras to be ingested")
    recording = wait_for("the recording", lambda: recording_ingested(api), args.timeout)
    status, sync = api.call("GET", f"/v2/sessions/{recording['id']}/sync")
    if status == 404:
        api.ok("POST", f"/v2/sessions/{recording['id']}/sync/compute", {"masterCamera": "A", "method": "gcc-phat"})

    def computed():
        code, answer = api.call("GET", f"/v2/sessions/{recording['id']}/sync")
        return answer if code == 200 and answer.get("offsets") else None
    sync = wait_for("the sync", computed, args.timeout)
    log(f"sync: offsets {sync['offsets']} ms (true {TRUE_OFFSETS_MS}), {sync.get('classification')}")

    def ready_video():
        rows = api.ok("GET", "/v1/videos?limit=100")["data"]
        row = next((row for row in rows if row["videoId"] == video), None)
        if row and row["state"] == "FAILED":
            raise RuntimeError(f"the video failed: {row['failureReason']}")
        return row if row and row["state"] == "READY" else None
    wait_for("the video", ready_video, args.timeout)

    ready = {
        "url": args.base + "/", "email": email, "spin_session_id": spin_session, "stills_session_id": stills_session,
        "recording_session_id": recording["id"], "video_id": video, "true_offsets_ms": TRUE_OFFSETS_MS,
        "flagged_angles": flagged, "frames": FRAMES,
        "analyzer": {"master": "demo-master.wav", "dub": "demo-dub.wav", "offset_ms": TRUE_OFFSETS_MS["B"]},
    }
    temporary = args.ready_file + ".tmp"
    with open(temporary, "w") as handle:
        json.dump(ready, handle, indent=2)
    os.replace(temporary, args.ready_file)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
        log(f"ERROR: {error}")
        sys.exit(1)
