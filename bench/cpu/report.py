#!/usr/bin/python3
"""Turns the results of bench/cpu/run.sh into the benchmark report: a
Markdown table of medians, ratios and errors on stdout and, with --docs, the
same with the machine, date, versions and acceptance bars in a file
(docs/benchmarks.md).

    report.py --results=DIR --models=a,b --matmul-sizes=256,512 --runs=N
              --warmups=N --threads=1,2 [--quick] [--docs=FILE]

DIR holds one `CASE.ENGINE.json` per measurement (CASE = model-NAME-tT or
matmul-SIZE-tT or fma-peak-tT for T threads; ENGINE = ort, openblas, loom
or peak) with the engine's JSON object,
and `CASE.ENGINE.log` with its stderr; a missing or unreadable object is
reported as a failure with the log's first line. Exits 1 when a peer (ONNX
Runtime, OpenBLAS) or the FMA peak measurement failed, since then there is nothing to compare against;
Loom's own failures are table entries ("not yet: ...").
"""

import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys

# The acceptance bars of issue 12 (CPU performance).
MAX_LATENCY_RATIO = 1.0  # Loom / ORT, per model
MAX_GEOMEAN_RATIO = 0.85  # Loom / ORT, geometric mean over the models
MAX_REL_L2 = 1e-4  # Loom's output against PyTorch's (models) or f64 (matmul)
# Quantized (QDQ) models: PyTorch's quantized kernels (qnnpack) round other
# sums than ONNX Runtime's and Loom's integer ones, so their logits differ by
# quantization steps; Loom's rel L2 against PyTorch may be at most this many
# times ONNX Runtime's (bench/quantized checks top-1 against ONNX Runtime).
MAX_QUANTIZED_REL_L2_VS_ORT = 1.5
MIN_SGEMM_RATIO = 1.0  # Loom / OpenBLAS GFLOP/s, every size
# At these sizes Loom also reaches this fraction of the cores' FMA peak
# (measured by fma_peak.c at the same thread count).
PEAK_BAR_SIZES = {1024, 2048}
MIN_PEAK_FRACTION = 0.75


def is_quantized(name):
    return "_qdq" in name

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def load(results, case, engine):
    """The engine's result object, or {"error": ...}."""
    stem = os.path.join(results, f"{case}.{engine}")
    try:
        with open(stem + ".json") as f:
            return json.loads(f.read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(stem + ".log") as f:
            lines = [line.strip() for line in f if line.strip()]
    except OSError:
        lines = []
    return {"error": "failed: " + (lines[0] if lines else "no result")}


def ms(result):
    return f"{result['median_ms']:.3f} ({result['min_ms']:.3f}–{result['max_ms']:.3f})"


def error_cell(result, width=160):
    text = result["error"].replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def verdict(ok):
    return "pass" if ok else "**FAIL**"


def model_table(args, threads, models):
    rows = ["| model | ORT ms: median (min–max) | ORT rel L2 | Loom ms: median (min–max) "
            "| Loom rel L2 | Loom / ORT | loomc s | bars |",
            "|---|---|---|---|---|---|---|---|"]
    peer_failed = False
    ratios = []
    for name in models:
        ort = load(args.results, f"model-{name}-t{threads}", "ort")
        loom = load(args.results, f"model-{name}-t{threads}", "loom")
        if "error" in ort:
            peer_failed = True
            ort_cells = [error_cell(ort), "—"]
        else:
            ort_cells = [ms(ort), f"{ort['rel_l2']:.2e}"]
        if "error" in loom:
            loom_cells = [error_cell(loom), "—", "—", "—", "—"]
        else:
            ratio = loom["median_ms"] / ort["median_ms"] if "error" not in ort else None
            accurate = (loom["rel_l2"] <= MAX_QUANTIZED_REL_L2_VS_ORT * ort["rel_l2"]
                        if is_quantized(name) and ratio is not None
                        else loom["rel_l2"] < MAX_REL_L2)
            bars = (verdict(ratio <= MAX_LATENCY_RATIO and accurate)
                    if ratio is not None else "—")
            loom_cells = [ms(loom), f"{loom['rel_l2']:.2e}",
                          f"{ratio:.2f}x" if ratio is not None else "—",
                          f"{loom['compile_s']:.1f}", bars]
            if ratio is not None:
                ratios.append(ratio)
        rows.append(f"| {name} | " + " | ".join(ort_cells + loom_cells) + " |")
    if ratios:
        # Every model must have run for the mean to be the bar's.
        complete = len(ratios) == len(models)
        mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        verdict_text = (verdict(mean <= MAX_GEOMEAN_RATIO) if complete
                        else "**FAIL** (not every model ran)")
        rows.append("")
        rows.append(f"Geometric mean of Loom / ORT over {len(ratios)} models: "
                    f"{mean:.2f}x (bar: at most {MAX_GEOMEAN_RATIO:g}x): {verdict_text}")
    return rows, peer_failed


def matmul_table(args, threads):
    peak = load(args.results, f"fma-peak-t{threads}", "peak")
    rows = ["| M=N=K | OpenBLAS ms: median (min–max) | OpenBLAS GFLOP/s | OpenBLAS % of peak "
            "| Loom ms: median (min–max) | Loom GFLOP/s | Loom % of peak | Loom / OpenBLAS "
            "| Loom rel L2 | bar |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    peer_failed = "error" in peak
    percent = lambda gflops: ("—" if "error" in peak
                              else f"{100.0 * gflops / peak['gflops']:.0f}%")
    for size in args.matmul_sizes:
        blas = load(args.results, f"matmul-{size}-t{threads}", "openblas")
        loom = load(args.results, f"matmul-{size}-t{threads}", "loom")
        if "error" in blas:
            peer_failed = True
            blas_cells = [error_cell(blas), "—", "—"]
        else:
            blas_cells = [ms(blas), f"{blas['gflops']:.1f}", percent(blas["gflops"])]
        if "error" in loom:
            loom_cells = [error_cell(loom), "—", "—", "—", "—", "—"]
        else:
            gflops = 2.0 * size**3 / (loom["median_ms"] * 1e6)
            ratio = gflops / blas["gflops"] if "error" not in blas else None
            bar = "—"
            needs_peak = size in PEAK_BAR_SIZES
            if ratio is not None and not (needs_peak and "error" in peak):
                ok = ratio >= MIN_SGEMM_RATIO and loom["rel_l2"] < MAX_REL_L2
                if needs_peak:
                    ok = ok and gflops >= MIN_PEAK_FRACTION * peak["gflops"]
                bar = verdict(ok)
            loom_cells = [ms(loom), f"{gflops:.1f}", percent(gflops),
                          f"{ratio:.2f}" if ratio is not None else "—",
                          f"{loom['rel_l2']:.2e}", bar]
        rows.append(f"| {size} | " + " | ".join(blas_cells + loom_cells) + " |")
    rows.append("")
    if "error" in peak:
        rows.append(f"FMA peak at {threads} thread{'s' if threads > 1 else ''}: "
                    f"{error_cell(peak)}")
    else:
        rows.append(f"FMA peak at {threads} thread{'s' if threads > 1 else ''}: "
                    f"{peak['gflops']:.1f} GFLOP/s, measured by fma_peak.c ({peak['threads']} "
                    f"thread{'s' if peak['threads'] > 1 else ''} of {peak['isa']} FMAs, "
                    f"{peak['lanes']} lanes x {peak['chains']} independent accumulators, "
                    f"best of {peak['rounds']} rounds)")
    return rows, peer_failed


def first_value(results, engine, key):
    """A field every result of an engine carries (its version string)."""
    for entry in sorted(os.listdir(results)):
        if entry.endswith(f".{engine}.json"):
            result = load(results, entry[: -len(f".{engine}.json")], engine)
            if key in result:
                return result[key]
    return "not measured in this run"


def command_output(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True,
                              cwd=REPO).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    with open("/proc/loadavg") as f:
        load_average = " ".join(f.read().split()[:3])
    flags = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                present = set(line.split(":", 1)[1].split())
                flags = " ".join(flag for flag in ("avx2", "fma", "avx512f") if flag in present)
                break
    return (f"{cpu}, {os.cpu_count()} logical cores ({flags}), {kib / 2**20:.1f} GiB memory, "
            f"{platform.system()} {platform.release()}; load average {load_average} "
            "when the report was written")


def versions():
    torch = command_output(["/usr/bin/python3", "-c", "import torch; print(torch.__version__)"])
    commit = command_output(["git", "rev-parse", "--short=12", "HEAD"])
    if command_output(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " with uncommitted changes"
    return torch, commit


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    split = lambda text: [item for item in text.split(",") if item]
    parser.add_argument("--results", required=True)
    parser.add_argument("--models", type=split, default=[])
    parser.add_argument("--matmul-sizes", type=lambda text: [int(s) for s in split(text)],
                        default=[])
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--warmups", type=int, required=True)
    parser.add_argument("--threads", type=lambda text: [int(t) for t in split(text)],
                        required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--docs")
    parser.add_argument("--loomc-flags", default="")
    args = parser.parse_args()

    sections = []
    peer_failed = False
    for threads in args.threads:
        count = f"{threads} thread" + ("" if threads == 1 else "s")
        floats = [name for name in args.models if not is_quantized(name)]
        quantized = [name for name in args.models if is_quantized(name)]
        if floats:
            rows, failed = model_table(args, threads, floats)
            sections.append((f"Models, {count} (CNNs at 224x224, batch 1 unless named _batch8; "
                             "GPT seq 128, MLP batch 64, BERT encoder batch 4 x seq 64)", rows))
            peer_failed |= failed
        if quantized:
            rows, failed = model_table(args, threads, quantized)
            sections.append((f"Quantized models, {count} (QDQ, int8 weights and uint8 "
                             "activations, 224x224, batch 1 unless named _batch8)", rows))
            peer_failed |= failed
        if args.matmul_sizes:
            rows, failed = matmul_table(args, threads)
            sections.append((f"Matmul, {count} (f32, row-major, C = A * B)", rows))
            peer_failed |= failed
    tables = "\n\n".join(f"### {title}\n\n" + "\n".join(rows) for title, rows in sections)
    print(tables)

    if args.docs:
        torch, commit = versions()
        mode = "`--quick`" if args.quick else "full"
        warmups = f"{args.warmups} warm-up" + ("" if args.warmups == 1 else "s")
        counts = " and ".join(str(t) for t in args.threads)
        loomc_flags = (f"; loomc {args.loomc_flags}" if args.loomc_flags
                       else "")
        header = f"""# CPU benchmarks

Written by `bench/cpu/run.sh` (see [`bench/cpu/README.md`](../bench/cpu/README.md));
rerun it to refresh this page. Loom is compared with ONNX Runtime on real
models and with OpenBLAS on matmul, in the same run, on the same machine.

- Date: {datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")}
- Machine: {machine()}
- Versions: ONNX Runtime {first_value(args.results, "ort", "ort")} (onnxruntime-node),
  {first_value(args.results, "openblas", "openblas")}, PyTorch {torch}, Loom {commit}
- Settings: {mode} run, {args.runs} timed runs per measurement after {warmups}
  (ORT, OpenBLAS) or loom-run's one warm-up; {counts} threads for every engine,
  one table each (ORT: intra-op T, inter-op 1, all graph optimizations; OpenBLAS:
  `openblas_set_num_threads(T)`; Loom: `loom-run --threads=T`){loomc_flags}

Times are wall-clock milliseconds per inference (median, with the fastest
and slowest run). Rel L2 is ||out - ref|| / ||ref|| against PyTorch's
output (models) or an f64 product (matmul). On a machine shared with other
work the numbers are noisy; compare ratios from one run, not across runs.

## Acceptance bars

Issue 12's, at every thread count:

- Every model: Loom's median latency at most {MAX_LATENCY_RATIO:g}x ONNX Runtime's, and
  Loom's rel L2 against PyTorch below {MAX_REL_L2:.0e}; the geometric mean of
  Loom / ORT over the models at most {MAX_GEOMEAN_RATIO:g}x.
- Quantized models (their own table, PyTorch's post-training quantization in QDQ
  form): the same latency bars, and Loom's rel L2 against PyTorch at most
  {MAX_QUANTIZED_REL_L2_VS_ORT:g}x ONNX Runtime's (PyTorch's quantized kernels round
  other sums; bench/quantized compares top-1 with ONNX Runtime).
- Matmul, every size: Loom at least {MIN_SGEMM_RATIO:g}x OpenBLAS's GFLOP/s; at
  {" and ".join(f"{size}³" for size in sorted(PEAK_BAR_SIZES))} also at least {MIN_PEAK_FRACTION:.0%} of the cores' FMA peak
  at that thread count. The peak is measured, not derived from a nominal
  clock: `bench/cpu/fma_peak.c` runs the same number of threads, each
  issuing fused multiply-adds on the widest vectors the CPU has into more
  independent accumulators than the FMA units' latency needs, and takes
  the best FLOP rate of several rounds (a turbo or VM clock included).

## Results

"""
        with open(args.docs, "w") as f:
            f.write(header + tables + "\n")
        print(f"\nwrote {args.docs}")
    return 1 if peer_failed else 0


if __name__ == "__main__":
    sys.exit(main())
