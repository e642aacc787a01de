#!/usr/bin/python3
"""Compares logits of the same images from several runs: top-1 agreement
and how many logits differ, for each pair.

    /usr/bin/python3 compare_top1.py NAME=LOGITS.npy NAME=LOGITS.npy ...
"""

import itertools
import sys

import numpy as np


def main():
    runs = {}
    for argument in sys.argv[1:]:
        name, _, path = argument.partition("=")
        if not path:
            sys.exit(__doc__)
        runs[name] = np.load(path)
    if len(runs) < 2:
        sys.exit(__doc__)
    for (a, x), (b, y) in itertools.combinations(runs.items(), 2):
        agree = int((x.argmax(1) == y.argmax(1)).sum())
        differ = float((np.abs(x - y) > 0).mean())
        print(f"{a} vs {b}: top-1 agrees on {agree} of {len(x)} images; "
              f"{differ:.1%} of the logits differ, by at most "
              f"{float(np.abs(x - y).max()):.4g}")


if __name__ == "__main__":
    main()
