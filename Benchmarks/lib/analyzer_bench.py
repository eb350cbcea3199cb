"""Audio sync analyzer benchmark (seed 002), driven by Benchmarks/analyzer.sh.

Against a live release `relay-backend serve` with one job worker (SQLite, local disk):
  1. analyses per minute on 60 s pairs (48 kHz stereo 24-bit master, 44.1 kHz mono dub with its own noise,
     offsets -8..8 s), per method set, until the job queue is idle: the waveform jobs every analysis
     queues are included;
  2. CPU seconds per audio-hour per method: the server process's CPU time (/proc) over each run, divided by
     the hours of master audio analysed (decode, method, waveforms, database: the whole analysis);
  3. peak RSS (the server's VmHWM) while it analyses one 3-hour pair with every method, and of
     `relay-backend sync` on that pair;
  4. the peer, measured in the same run on the same files: audio-offset-finder (BBC; MFCC frames
     cross-correlated, PyPI) - its error, CPU seconds per audio-hour, and peak RSS on the 3-hour pair.

Usage: analyzer_bench.py BASE TOKEN SERVER_PID MEDIA BIN [--pairs N] [--peer PYTHON]
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import urllib.request

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args], check=True)


def make_pair(folder, index, seconds, offset, rng):
    """A room recording and a master/dub pair cut from it; returns (master, dub, truth) with truth =
    t_dub - t_master in seconds (the analyzer's convention)."""
    room = os.path.join(folder, f"room-{index}.wav")
    lead = 10.0
    total = seconds + 2 * lead
    period = rng.uniform(0.9, 2.3)
    tone = rng.choice([330, 440, 523, 660, 784])
    ffmpeg("-f", "lavfi", "-i", f"anoisesrc=d={total}:c=pink:r=48000:a=0.3:seed={index + 1},"
           f"volume='0.45+0.4*sin(2*PI*t*{rng.uniform(0.2, 0.6):.3f})':eval=frame",
           "-f", "lavfi", "-i", f"sine=f={tone}:r=48000:d={total},volume='if(lt(mod(t,{period:.3f}),0.12),0.7,0)':eval=frame",
           "-filter_complex", "amix=inputs=2:normalize=0", "-c:a", "pcm_s16le", room)
    master = os.path.join(folder, f"pair-{index:03d}-master.wav")
    dub = os.path.join(folder, f"pair-{index:03d}-dub.wav")
    ffmpeg("-ss", f"{lead}", "-t", f"{seconds}", "-i", room, "-ac", "2", "-c:a", "pcm_s24le", master)
    ffmpeg("-ss", f"{lead + offset:.4f}", "-t", f"{seconds}", "-i", room,
           "-f", "lavfi", "-i", f"anoisesrc=d={seconds}:c=white:r=48000:a=0.02:seed={index + 1000}",
           "-filter_complex", "[0:a][1:a]amix=inputs=2:normalize=0,aresample=44100", "-ac", "1", "-c:a", "pcm_s16le", dub)
    os.remove(room)
    return master, dub, -offset


def call(base, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime, stime, cutime, cstime (fields 14-17; after the comm field they start at index 11): children
    # count once reaped, which ffmpeg decodes are.
    return sum(int(x) for x in fields[11:15]) / CLOCK_TICKS


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wait_idle(base, token):
    """Until no job is queued or running (the waveform jobs every analysis queues run after it)."""
    while True:
        jobs = call(base, token, "GET", "/v1/dashboard/celery-info").get("jobs", {})
        if sum(count for kinds in jobs.values() for count in kinds.values()) == 0:
            return
        time.sleep(0.1)


def run_batch(base, token, pid, pairs, methods, max_offset):
    """Submits every pair, waits for all and for the waveform jobs they queue; returns (seconds, cpu seconds,
    results by pair index)."""
    cpu_before = cpu_seconds(pid)
    started = time.monotonic()
    ids = []
    for master, dub, _ in pairs:
        answer = call(base, token, "POST", "/v1/analysis/sync", {
            "master_file": master, "dub_file": dub, "methods": methods, "max_offset_seconds": max_offset,
            "confidence_threshold": 0.0})
        ids.append(answer["analysis_id"])
    results = {}
    while len(results) < len(ids):
        for index, analysis in enumerate(ids):
            if index in results:
                continue
            answer = call(base, token, "GET", f"/v1/analysis/{analysis}")
            if answer.get("status") in ("completed", "failed", "cancelled"):
                results[index] = answer
        time.sleep(0.1)
    wait_idle(base, token)
    return time.monotonic() - started, cpu_seconds(pid) - cpu_before, results


def method_errors(results, pairs, method):
    errors = []
    for index, answer in results.items():
        truth = pairs[index][2]
        details = (answer.get("result") or {}).get("technical_details") or {}
        for entry in details.get("method_results", []):
            if entry.get("method") == method and entry.get("offset_seconds") is not None:
                errors.append(abs(entry["offset_seconds"] - truth) * 1000)
    return errors


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


PEER_SCRIPT = r"""
import json, sys, resource, time
from audio_offset_finder.audio_offset_finder import find_offset_between_files
pairs = json.loads(sys.argv[1])
out = []
for master, dub in pairs:
    r = find_offset_between_files(master, dub, fs=8000)
    out.append({"time_offset": float(r["time_offset"]), "score": float(r["standard_score"])})
print(json.dumps(out))
"""


def run_peer(python, pairs):
    """audio-offset-finder over the pairs in a child process: (seconds, cpu seconds incl. its ffmpeg runs,
    peak RSS MB, results)."""
    started = time.monotonic()
    child = subprocess.Popen([python, "-c", PEER_SCRIPT, json.dumps([[m, d] for m, d, _ in pairs])], stdout=subprocess.PIPE)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise RuntimeError(f"audio-offset-finder exited with {status}")
    # wait4's usage is the child's own plus that of the children it reaped (its ffmpeg conversions).
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, json.loads(output)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("pid", type=int)
    parser.add_argument("media")
    parser.add_argument("bin")
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--peer", default="")
    parser.add_argument("--long-hours", type=float, default=3.0)
    args = parser.parse_args()
    rng = random.Random(1036)

    print(f"making {args.pairs} pairs of 60 s (48 kHz stereo 24-bit master, 44.1 kHz mono dub with its own noise)...", file=sys.stderr)
    pairs = [make_pair(args.media, i, 60, rng.uniform(-8, 8), rng) for i in range(args.pairs)]
    hours = args.pairs * 60 / 3600

    # Warm-up, not counted: the first analyses probe every file (ffprobe, cached by path, size and time)
    # and plan the FFT sizes.
    run_batch(args.base, args.token, args.pid, pairs, ["spectral", "onset", "mfcc"], 20)
    print("\n== one worker, 60 s pairs (after a warm-up pass, which also cached every pair's waveforms) ==")
    print(f"{'methods':<24} {'analyses/min':>12} {'CPU-s/audio-h':>14} {'median err ms':>14} {'p95 err ms':>11} {'within 1 frame':>15}")
    figures = {}
    for methods in (["spectral"], ["onset"], ["mfcc"], ["spectral", "onset", "mfcc"]):
        elapsed, cpu, results = run_batch(args.base, args.token, args.pid, pairs, methods, 20)
        failed = sum(1 for r in results.values() if r.get("status") != "completed")
        method = methods[0] if len(methods) == 1 else "spectral"
        errors = method_errors(results, pairs, method)
        frame = sum(1 for e in errors if e <= 1000 / 30) / max(1, len(errors))
        name = "+".join(methods)
        figures[name] = {"per_min": 60 * len(pairs) / elapsed, "cpu_per_hour": cpu / hours, "median": percentile(errors, 0.5)}
        print(f"{name:<24} {60 * len(pairs) / elapsed:>12.1f} {cpu / hours:>14.1f} {percentile(errors, 0.5):>14.3f} "
              f"{percentile(errors, 0.95):>11.3f} {100 * frame:>14.0f}%" + (f"  ({failed} failed)" if failed else ""))

    print(f"\n== a {args.long_hours:g}-hour pair ==", file=sys.stderr)
    long_seconds = int(args.long_hours * 3600)
    room = os.path.join(args.media, "long-room.wav")
    ffmpeg("-f", "lavfi", "-i", f"anoisesrc=d={long_seconds + 20}:c=pink:r=48000:a=0.3:seed=77",
           "-f", "lavfi", "-i", f"sine=f=440:r=48000:d={long_seconds + 20},volume='if(lt(mod(t,1.3),0.1),0.8,0)':eval=frame",
           "-filter_complex", "amix=inputs=2:normalize=0", "-c:a", "pcm_s16le", room)
    long_master = os.path.join(args.media, "long-master.wav")
    long_dub = os.path.join(args.media, "long-dub.wav")
    ffmpeg("-ss", "5", "-t", f"{long_seconds}", "-i", room, "-c:a", "pcm_s16le", long_master)
    ffmpeg("-ss", "6.234", "-t", f"{long_seconds}", "-i", room, "-ar", "44100", "-c:a", "pcm_s16le", long_dub)
    os.remove(room)
    print(f"\n== a {args.long_hours:g}-hour pair (48 kHz master, 44.1 kHz dub, 1.234 s apart) ==")
    before = peak_rss_mb(args.pid)
    print(f"server peak RSS before it (everything above): {before:.0f} MB")
    # The server's high-water mark only rises: spectral alone first, then every method.
    for methods, waveforms in ((["spectral"], "waveforms made"), (["spectral", "onset", "mfcc"], "waveforms cached by then")):
        elapsed, cpu, results = run_batch(args.base, args.token, args.pid, [(long_master, long_dub, -1.234)], methods, 20)
        answer = results[0]
        offset = ((answer.get("result") or {}).get("offset_seconds"))
        server_peak = peak_rss_mb(args.pid)
        print(f"analyzer, {'+'.join(methods)}: {answer.get('status')}, offset {offset} s (truth -1.234), {elapsed:.1f} s, "
              f"{cpu:.1f} CPU-s ({waveforms}); server peak RSS {server_peak:.0f} MB")
    started = time.monotonic()
    child = subprocess.Popen([args.bin, "sync", long_master, long_dub], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = child.stdout.read()
    _, _, usage = os.wait4(child.pid, 0)
    sync = json.loads(output)
    sync_offset = sync["offsetsMs"].get(os.path.basename(long_dub))
    print(f"relay-backend sync: offset {sync_offset:.3f} ms, {time.monotonic() - started:.1f} s, "
          f"{usage.ru_utime + usage.ru_stime:.1f} CPU-s, peak RSS {usage.ru_maxrss / 1024:.0f} MB")

    if args.peer:
        print("\n== peer: audio-offset-finder 0.5 (MFCC cross-correlation, librosa), same files ==")
        elapsed, cpu, peak, results = run_peer(args.peer, pairs)
        errors = [abs(-r["time_offset"] - truth) * 1000 for r, (_, _, truth) in zip(results, pairs)]
        frame = sum(1 for e in errors if e <= 1000 / 30) / len(errors)
        ours = figures["mfcc"]
        print(f"60 s pairs: {60 * len(pairs) / elapsed:.1f} pairs/min, {cpu / hours:.1f} CPU-s/audio-h (its ffmpeg "
              f"conversions included), median error {percentile(errors, 0.5):.3f} ms, p95 "
              f"{percentile(errors, 0.95):.3f} ms, {100 * frame:.0f}% within one frame")
        print(f"ratios (peer / ours): CPU per audio-hour {cpu / hours / figures['spectral']['cpu_per_hour']:.1f}x our spectral, "
              f"{cpu / hours / ours['cpu_per_hour']:.1f}x our mfcc; median error {percentile(errors, 0.5) / max(figures['spectral']['median'], 1e-6):.0f}x "
              f"our spectral's")
        try:
            elapsed, cpu, peak, results = run_peer(args.peer, [(long_master, long_dub, -1.234)])
            print(f"{args.long_hours:g}-hour pair: offset {-results[0]['time_offset']:.3f} s, {elapsed:.1f} s, {cpu:.1f} CPU-s, "
                  f"peak RSS {peak:.0f} MB ({peak / max(server_peak, 1):.1f}x the analyzer server's)")
        except Exception as error:  # noqa: BLE001 - report and go on: the peer may run out of memory
            print(f"{args.long_hours:g}-hour pair: the peer failed ({error})")


if __name__ == "__main__":
    main()
