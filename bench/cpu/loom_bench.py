#!/usr/bin/python3
"""Loom's side of one benchmark case: compiles a model with `loomc
--target=cpu -O3`, runs it once with `loom-run` to check its output against
the reference, then times it with `loom-run --benchmark=RUNS`.

    loom_bench.py --loomc=PATH --loom-run=PATH --model=FILE --input=A.npy
                  [--input=B.npy ...] --expected=E.npy --out-dir=DIR
                  [--runs=N] [--threads=T] [--timeout=SECONDS]

Prints one JSON object: {"compile_s", "median_ms", "min_ms", "max_ms",
"runs", "rel_l2"} when every step works, or {"error": "not yet: <the first
line of the failing step's error>"} when Loom cannot compile or run the
case yet; the exit code is 0 either way, so that the benchmark goes on with
the other cases.
"""

import argparse
import json
import os
import subprocess
import sys
import time

# NumPy's OpenBLAS threads busy-wait for a while after each call (the
# norms of the output check), on the cores loom-run is then timed on: with
# them, loom-run's 2 threads measured at times 1.9x slower (the MLP at
# batch 64: 7.5 ms against 4.1). One BLAS thread here leaves the cores to
# the engine being timed; set before NumPy loads OpenBLAS.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402 (after the thread settings)


class NotYet(Exception):
    """A step Loom cannot do yet; the message is the table's entry."""


def relative_l2(actual, expected):
    """||actual - expected||_2 / ||expected||_2 in f64 (the plain L2 error
    when the reference is all zeros)."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    norm = np.linalg.norm(expected)
    error = np.linalg.norm(actual - expected)
    return float(error / norm if norm else error)


def first_error_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "error" in line.lower():
            return line
    return lines[0] if lines else "no error message"


def run_step(what, command, timeout, short_paths):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise NotYet(f"{what} timed out after {timeout} s")
    if result.returncode != 0:
        line = first_error_line(result.stderr + "\n" + result.stdout)
        # The work directory's paths say nothing in a table cell.
        for directory in short_paths:
            line = line.replace(directory + os.sep, "")
        # Tools name themselves in their errors ("loomc: ..."); say it once.
        raise NotYet(line if line.startswith(what.split()[0] + ":") else f"{what}: {line}")
    return result.stdout


def require_built(tool):
    if not os.access(tool, os.X_OK):
        raise NotYet(f"{os.path.basename(tool)} is not built ({tool})")


def benchmark(args):
    name = os.path.splitext(os.path.basename(args.model))[0]
    artifact = os.path.join(args.out_dir, name + ".loom")
    output = os.path.join(args.out_dir, name + ".loom-output.npy")
    for stale in (artifact, output):
        if os.path.exists(stale):
            os.remove(stale)

    short_paths = {os.path.abspath(args.out_dir), os.path.dirname(os.path.abspath(args.model))}
    require_built(args.loomc)
    start = time.monotonic()
    run_step("loomc", [args.loomc, args.model, "--target=cpu", "-O3",
                       *args.loomc_flags.split(), "-o", artifact],
             args.timeout, short_paths)
    compile_s = time.monotonic() - start

    require_built(args.loom_run)
    inputs = [f"--input=@{path}" for path in args.input]
    threads = f"--threads={args.threads}"
    run_step("loom-run", [args.loom_run, artifact, *inputs, f"--output=@{output}", threads],
             args.timeout, short_paths)
    try:
        actual = np.load(output)
    except (OSError, ValueError) as error:
        raise NotYet(f"loom-run wrote no readable output: {error}")
    expected = np.load(args.expected)
    if actual.shape != expected.shape:
        raise NotYet(f"loom-run: output shape {actual.shape}, the reference's is {expected.shape}")
    rel_l2 = relative_l2(actual, expected)

    stdout = run_step("loom-run --benchmark",
                      [args.loom_run, artifact, *inputs, threads, f"--benchmark={args.runs}"],
                      args.timeout, short_paths)
    json_lines = [line for line in stdout.splitlines() if line.lstrip().startswith("{")]
    if not json_lines:
        raise NotYet("loom-run --benchmark printed no JSON object")
    timing = json.loads(json_lines[-1])
    return {"compile_s": compile_s, "median_ms": timing["median_ms"],
            "min_ms": timing["min_ms"], "max_ms": timing["max_ms"],
            "runs": timing["runs"], "rel_l2": rel_l2}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loomc", required=True)
    parser.add_argument("--loom-run", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", action="append", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--loomc-flags", default="",
                        help="more loomc flags, space-separated")
    args = parser.parse_args()
    try:
        result = benchmark(args)
    except NotYet as reason:
        result = {"error": f"not yet: {reason}"}
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
