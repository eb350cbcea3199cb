"""OpenCV-style blur check, as it is usually written (imdecode -> cvtColor -> Laplacian(CV_64F).var()),
timed on one thread over the given JPEG files. Prints OPENCV_MS=<median ms per image>.

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
times = []
scores = []
for _ in range(runs):
    for blob in blobs:
        start = time.perf_counter()
        image = cv2.imdecode(blob, cv2.IMREAD_COLOR)
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        score = cv2.Laplacian(gray, cv2.CV_64F).var()
        times.append((time.perf_counter() - start) * 1000)
        scores.append(score)
print("opencv %s: %d files x %d runs, median %.1f ms/image (min %.1f)" % (cv2.__version__, len(files), runs, statistics.median(times), min(times)))
print("OPENCV_MS=%.2f" % statistics.median(times))
