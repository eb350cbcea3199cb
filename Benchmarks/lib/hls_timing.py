"""Upload → HLS timing against a live relay-backend (used by Benchmarks/hls.sh)."""
import json
import subprocess
import time
import urllib.error
import urllib.request


def _manifest(base, token, video):
    request = urllib.request.Request(f"{base}/v1/stream/{video}/manifest", headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        if error.code == 409:
            return None
        raise


def _ffprobe(token, url, entries, selector=None):
    arguments = ["ffprobe", "-v", "error", "-headers", f"Authorization: Bearer {token}\r\n"]
    if selector:
        arguments += ["-select_streams", selector]
    arguments += ["-show_entries", entries, "-of", "csv=p=0", url]
    return subprocess.run(arguments, capture_output=True, text=True, check=True).stdout.strip()


def time_upload(base, token, clip, seconds, top_rung="1080p.m3u8", limit=1800):
    """Uploads `clip`; returns seconds from the upload's answer to the first playable manifest and to the
    master playlist naming `top_rung`, what the first manifest was, and ffprobe's duration at the end."""
    out = subprocess.run(["curl", "-fsS", "-H", "Authorization: Bearer " + token, "-F", "file=@" + clip, base + "/v1/upload"],
                         capture_output=True, text=True, check=True).stdout
    uploaded = time.monotonic()
    video = json.loads(out)["videoId"]
    first = None
    first_kind = None
    while True:
        text = _manifest(base, token, video)
        now = time.monotonic()
        if text is not None and first is None:
            first = now - uploaded
            first_kind = "stream copy" if "#EXT-X-STREAM-INF" not in text else (
                "fast rendition, growing" if "fast.m3u8" in text else "ladder")
            # Playable now: ffprobe reads the video stream of what /manifest serves at this moment.
            codec = _ffprobe(token, f"{base}/v1/stream/{video}/manifest", "stream=codec_name", "v:0").splitlines()
            if not codec or codec[0] != "h264":
                raise SystemExit(f"the first manifest does not play: {codec}")
        if text is not None and top_rung in text:
            ladder = now - uploaded
            break
        if now - uploaded > limit:
            raise SystemExit(f"ladder not done within {limit} s")
        time.sleep(0.02)
    duration = float(_ffprobe(token, f"{base}/v1/stream/{video}/manifest", "format=duration"))
    if abs(duration - seconds) > 0.5:
        raise SystemExit(f"ffprobe reads {duration} s of a {seconds} s clip")
    return {"first": first, "first_kind": first_kind, "ladder": ladder, "duration": duration}
