#!/usr/bin/env python3
"""Draws a loom-run --trace file as a PNG timeline (docs/trace.md's picture):
one row per track (process / thread), a box per span labelled with its
name where it fits. Needs only Pillow (python3-pil).

usage: scripts/trace_png.py TRACE.json OUT.png [--width=PIXELS]"""

import json
import sys

from PIL import Image, ImageDraw, ImageFont

COLORS = {"launch": (66, 133, 244), "copy": (251, 188, 5),
          "collective": (234, 67, 53), "run": (52, 168, 83),
          "read": (171, 71, 188)}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--width=")]
    width = next((int(a.split("=")[1]) for a in sys.argv[1:]
                  if a.startswith("--width=")), 1600)
    if len(args) != 2:
        sys.exit(__doc__)
    with open(args[0]) as f:
        events = json.load(f)["traceEvents"]
    names = {}
    for e in events:
        if e["ph"] == "M" and e["name"] in ("process_name", "thread_name"):
            names[(e["name"], e["pid"], e["tid"])] = e["args"]["name"]
    spans = [e for e in events if e["ph"] == "X"]
    tracks = sorted({(e["pid"], e["tid"]) for e in spans})
    start = min(e["ts"] for e in spans)
    end = max(e["ts"] + e["dur"] for e in spans)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 13)
    label_width, row, top = 260, 34, 30
    image = Image.new("RGB", (width, top + row * len(tracks) + 10), "white")
    draw = ImageDraw.Draw(image)
    scale = (width - label_width - 10) / max(end - start, 1e-9)
    draw.text((label_width, 8), "0 us", fill="black", font=font)
    draw.text((width - 120, 8), "%.0f us" % (end - start), fill="black", font=font)
    for i, (pid, tid) in enumerate(tracks):
        y = top + i * row
        label = "%s / %s" % (names.get(("process_name", pid, 0), "pid %d" % pid),
                             names.get(("thread_name", pid, tid), "tid %d" % tid))
        draw.text((6, y + 9), label, fill="black", font=font)
        draw.line((label_width, y + row - 2, width - 10, y + row - 2), fill=(220, 220, 220))
        for e in spans:
            if (e["pid"], e["tid"]) != (pid, tid):
                continue
            x0 = label_width + (e["ts"] - start) * scale
            x1 = max(x0 + 1, label_width + (e["ts"] + e["dur"] - start) * scale)
            draw.rectangle((x0, y + 4, x1, y + row - 6),
                           fill=COLORS.get(e.get("cat"), (120, 120, 120)),
                           outline="white")
            text = e["name"]
            if draw.textlength(text, font=font) < x1 - x0 - 4:
                draw.text((x0 + 3, y + 9), text, fill="white", font=font)
    image.save(args[1])


if __name__ == "__main__":
    main()
