"""OpenCV-style blur checks, as they are usually written, timed on one thread over the given JPEGs:
  full:  imdecode(IMREAD_COLOR) -> cvtColor -> Laplacian(CV_64F).var()        -> OPENCV_MS=<median ms>
  r4:    imdecode(IMREAD_REDUCED_GRAYSCALE_4) -> Laplacian(CV_64F).var()      -> OPENCV_R4_MS=<median ms>

    python3 Benchmarks/lib/opencv_blur.py RUNS FILE...
"""
import statistics
import sys
import time

import cv2
import numpy as np

cv2.setNumThreads(1)
runs = int(sys.argv[1])
files = sys.argv[2:]
blobs = [np.frombuffer(open(path, "rb").read(), dtype=np.uint8) for path in files]


def full(blob):
    return cv2.Laplacian(cv2.cvtColor(cv2.imdecode(blob, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()


def reduced(blob):
    return cv2.Laplacian(cv2.imdecode(blob, cv2.IMREAD_REDUCED_GRAYSCALE_4), cv2.CV_64F).var()


for name, check, key in (("full resolution", full, "OPENCV_MS"), ("IMREAD_REDUCED_GRAYSCALE_4", reduced, "OPENCV_R4_MS")):
    for blob in blobs:  # one untimed pass, so the timing starts warm as the QC side's does
        check(blob)
    times = []
    for _ in range(runs):
        for blob in blobs:
            start = time.perf_counter()
            check(blob)
            times.append((time.perf_counter() - start) * 1000)
    print("opencv %s %s: %d files x %d runs, median %.1f ms/image (min %.1f)"
          % (cv2.__version__, name, len(files), runs, statistics.median(times), min(times)))
    print("%s=%.2f" % (key, statistics.median(times)))
