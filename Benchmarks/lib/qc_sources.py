"""Prepares the real photographs of Benchmarks/qc-photos.tsv for the QC benchmark: each scene at
3 MP (long edge 2048, area-averaged) and 12 MP (long edge 4000, bicubic: the sources are 1.3-1.6x
smaller, so the 12 MP frames are upscaled; the bench reports both sizes), written as JPEG q98 sources
the Swift bench then blurs, exposes and encodes, with the photo's exposure settings (EXIF exposure
time, f-number, ISO, read with Pillow) for the bench to write into each frame.

    python3 Benchmarks/lib/qc_sources.py LIST ROOT OUT_DIR   -> OUT_DIR/sources.tsv
ROOT is prefixed to each path (/ for installed packages).
"""
import os
import sys

import cv2

try:
    import PIL.Image
except ImportError:  # the sources then carry no exposure settings
    PIL = None


def exposure_settings(path):
    """(exposure seconds, f-number, ISO) from the photo's EXIF, '' where missing."""
    if PIL is None:
        return "", "", ""
    try:
        sub = PIL.Image.open(path).getexif().get_ifd(0x8769)
        values = [sub.get(0x829A), sub.get(0x829D), sub.get(0x8827)]
        values = [float(v) if v is not None and float(v) > 0 else None for v in values]
        if None in values:
            return "", "", ""
        return "%.6g" % values[0], "%.3g" % values[1], "%d" % values[2]
    except Exception:
        return "", "", ""

listing, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
rows = []
for line in open(listing):
    if line.startswith("#") or not line.strip():
        continue
    scene, package, path, group, licence = line.rstrip("\n").split("\t")
    full = os.path.join(root, path.lstrip("/"))
    image = cv2.imread(full, cv2.IMREAD_COLOR)
    settings = "\t".join(exposure_settings(full))
    if image is None:
        sys.exit(f"qc_sources: cannot read {path} ({package}); install it or set QC_PHOTO_ROOT")
    h, w = image.shape[:2]
    for label, edge in (("3MP", 2048), ("12MP", 4000)):
        f = edge / max(w, h)
        size = (round(w * f), round(h * f))
        resized = cv2.resize(image, size, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
        name = f"src_{label}_{scene}.jpg"
        cv2.imwrite(os.path.join(out, name), resized, [cv2.IMWRITE_JPEG_QUALITY, 98])
        rows.append(f"{name}\t{scene}\t{label}\t{group}\t{f:.3f}\t{package}:{path}\t{settings}\n")
with open(os.path.join(out, "sources.tsv"), "w") as tsv:
    tsv.write("source\tscene\tmegapixels\tgroup\tscale\torigin\texposure_seconds\tf_number\tiso\n")
    tsv.writelines(rows)
print(f"qc_sources: {len(rows)} sources from {len(rows) // 2} scenes in {out}", file=sys.stderr)
