#!/usr/bin/env python3
"""Tables of the systolic benchmark (bench/systolic/run.sh) from its results.

Reads RESULTS/ as run.sh leaves it:

  MODEL.dispatches.mlir   `loomc --emit=dispatches`, constants' hex removed
  MODEL.run.log           `loom-run --profile`'s stderr (the per-kernel table)
  MODEL.{loomc,run}.time  wall seconds of loomc and of loom-run
  scale-N.run.log         the same for ResNet-50 data parallel on N chips
  scale-N.{loomc,run}.time

For each layer model it writes a SCALE-Sim topology (GEMM form) of every
convolution and matmul kernel, runs `loom-sim scalesim` on it (the same
array, weight stationary, in SCALE-Sim's serial model and in Loom's
overlapped one) and sets Loom's measured utilization beside SCALE-Sim's.
Prints the markdown tables, and with --docs writes the page around them.
"""
import argparse
import csv
import datetime
import os
import platform
import re
import subprocess
import sys

# The default chip (docs/systolic.md, "Config file and defaults"): the
# utilization capacity of a kernel is cycles x MXUS x ROWS x COLS MACs.
MXUS, ROWS, COLS = 4, 128, 128
# Its HBM: 1200 GB/s at 1.05 GHz, in bytes per cycle.
HBM_BYTES_PER_CYCLE = 1200 / 1.05

MODEL_TITLES = {
    "resnet50_batch8": "ResNet-50, batch 8",
    "resnet50": "ResNet-50, batch 1",
    "gpt": "GPT decoder (4 layers, d_model 384, seq 128), batch 1",
}


def fail(message):
    sys.exit(f"bench/systolic/report.py: {message}")


# --- kernel shapes ------------------------------------------------------------

TENSOR = re.compile(r"tensor<((?:\d+x)*)[a-z]\w*>")
FUNC = re.compile(r"^\s*func\.func (?:private )?@([\w.$-]+)\(")
CONV = re.compile(r"= loom\.conv .* strides \[([0-9, ]+)\] dilations \[([0-9, ]+)\].*"
                  r"groups (\d+) : \((tensor<[^>]*>), (tensor<[^>]*>)\) -> (tensor<[^>]*>)")
MATMUL = re.compile(r"= loom\.matmul [^:]*: \((tensor<[^>]*>), (tensor<[^>]*>)\) -> (tensor<[^>]*>)")


def dims(tensor):
    match = TENSOR.fullmatch(tensor)
    if not match:
        fail(f"cannot read the shape of '{tensor}'")
    return [int(d) for d in match.group(1).split("x") if d]


def product(values):
    result = 1
    for value in values:
        result *= value
    return result


class Gemm:
    """One GEMM of a kernel: COUNT independent M x K by K x N products."""

    def __init__(self, kind, describe, m, k, n, count):
        self.kind, self.describe = kind, describe
        self.m, self.k, self.n, self.count = m, k, n, count

    @property
    def macs(self):
        return self.count * self.m * self.k * self.n


def conv_gemm(match):
    strides, dilations, groups = match.group(1), match.group(2), int(match.group(3))
    x, w, y = dims(match.group(4)), dims(match.group(5)), dims(match.group(6))
    if len(x) != 4 or len(w) != 4 or len(y) != 4:
        return None
    batch, _, _, _ = x
    filters, channels, kh, kw = w
    _, _, oh, ow = y
    describe = (f"conv {kh}x{kw}/{strides.replace(', ', 'x').split('x')[0]}"
                f" {channels * groups}->{filters} @{oh}x{ow}")
    if groups > 1:
        describe += f" g{groups}"
    if dilations.replace(" ", "") not in ("1,1",):
        describe += f" d{dilations.replace(', ', 'x')}"
    return Gemm("conv", describe, batch * oh * ow, channels * kh * kw,
                filters // groups, groups)


def matmul_gemm(match):
    a, b, c = dims(match.group(1)), dims(match.group(2)), dims(match.group(3))
    if len(a) < 2 or len(b) < 2:
        return None
    m, k, n = a[-2], a[-1], b[-1]
    if len(b) == 2:  # every leading dimension of A is more rows
        m, count = product(a[:-1]), 1
    else:
        count = product(c[:-2])
    describe = f"matmul {'x'.join(map(str, a))} . {'x'.join(map(str, b))}"
    return Gemm("matmul", describe, m, k, n, count)


OP = re.compile(r"= (loom\.\w+)")


def kernel_gemms(path):
    """{kernel: [Gemm]} of every conv and matmul in the dispatches, and
    {kernel: [op name]} of the other ops of each kernel."""
    gemms, ops, kernel = {}, {}, None
    with open(path) as text:
        for line in text:
            start = FUNC.match(line)
            if start:
                kernel = start.group(1)
                continue
            if kernel is None:
                continue
            op = OP.search(line)
            if op and op.group(1) not in ("loom.constant", "loom.conv", "loom.matmul"):
                names = ops.setdefault(kernel, [])
                if op.group(1)[5:] not in names:
                    names.append(op.group(1)[5:])
            for pattern, make in ((CONV, conv_gemm), (MATMUL, matmul_gemm)):
                match = pattern.search(line)
                if match:
                    gemm = make(match)
                    if gemm:
                        gemms.setdefault(kernel, []).append(gemm)
    return gemms, ops


# --- profiles -----------------------------------------------------------------

PROFILE_HEAD = re.compile(r"^systolic profile: (?:(\d+) chips, )?(\d+) launches, (\d+) cycles")
PROFILE_ROW = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)%\s+(\d+)\s+(\d+)\s+(\d+)")


class Profile:
    def __init__(self, path):
        self.kernels, self.total, self.cycles, self.chips = {}, None, None, 1
        self.stalls = ""
        with open(path) as text:
            for line in text:
                head = PROFILE_HEAD.match(line)
                if head:
                    self.chips = int(head.group(1) or 1)
                    self.cycles = int(head.group(3))
                    continue
                row = PROFILE_ROW.match(line)
                if not row or self.cycles is None:
                    continue
                entry = {"launches": int(row.group(2)), "cycles": int(row.group(3)),
                         "util": float(row.group(5)), "macs": int(row.group(6)),
                         "read": int(row.group(7)), "written": int(row.group(8))}
                if row.group(1) == "total":
                    self.total = entry
                    self.stalls = next(text, "").strip()
                    break
                self.kernels[row.group(1)] = entry
        if self.cycles is None or self.total is None:
            fail(f"{path} holds no systolic profile (did loom-run fail?)")


def read_time(path):
    try:
        with open(path) as text:
            return float(text.read().strip())
    except (OSError, ValueError):
        return None


# --- SCALE-Sim ----------------------------------------------------------------

SCALESIM_CFG = """[general]
run_name = {name}

[architecture_presets]
ArrayHeight:    {rows}
ArrayWidth:     {cols}
IfmapSramSzkB:   8192
FilterSramSzkB:  8192
OfmapSramSzkB:   8192
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : 64
Dataflow : ws
MemoryBanks:   1

[run_presets]
InterfaceBandwidth: CALC
"""


def scalesim(loom_sim, work, name, gemms, full_model):
    """Total Cycles of each distinct (M, K, N) through loom-sim scalesim."""
    shapes = sorted({(g.m, g.k, g.n) for g in gemms})
    run = name + ("_full" if full_model else "")
    os.makedirs(work, exist_ok=True)
    cfg = os.path.join(work, run + ".cfg")
    topology = os.path.join(work, run + ".csv")
    with open(cfg, "w") as out:
        out.write(SCALESIM_CFG.format(name=run, rows=ROWS, cols=COLS))
    with open(topology, "w") as out:
        out.write("Layer, M, N, K,\n")
        for index, (m, k, n) in enumerate(shapes):
            out.write(f"gemm{index}, {m}, {n}, {k},\n")
    command = [loom_sim, "scalesim", "-c", cfg, "-t", topology, "-p", work, "-i", "gemm"]
    if full_model:
        command.append("--full-model")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-1:]}")
    with open(os.path.join(work, run, "COMPUTE_REPORT.csv")) as text:
        rows = [row for row in csv.reader(text, skipinitialspace=True) if row]
    cycles = {}
    for row in rows[1:]:
        cycles[shapes[int(row[0])]] = int(row[1])
    return cycles


# --- tables -------------------------------------------------------------------

def giga(macs):
    return f"{macs / 1e9:.2f} G" if macs >= 1e8 else f"{macs / 1e6:.1f} M"


def pct(value):
    return "—" if value is None else f"{value:.1f}%"


def layer_table(name, results, loom_sim, work):
    dispatches = os.path.join(results, name + ".dispatches.mlir")
    log = os.path.join(results, name + ".run.log")
    if not (os.path.exists(dispatches) and os.path.exists(log)):
        return None, [f"### {MODEL_TITLES.get(name, name)}\n",
                      f"Not measured: loomc or loom-run failed (see {name}.*.log).\n"]
    gemms, ops = kernel_gemms(dispatches)
    profile = Profile(log)
    total = profile.total
    if total["util"] >= 1.0:
        # The profile's utilization is MACs / (cycles x the chip's MXU
        # capacity): it must be the capacity this report divides by.
        implied = total["macs"] / (profile.cycles * total["util"] / 100.0)
        if abs(implied / (MXUS * ROWS * COLS) - 1.0) > 0.01:
            fail(f"{log}: the profile implies {implied:.0f} MACs per cycle, but report.py "
                 f"assumes the default chip's {MXUS} MXUs of {ROWS}x{COLS} "
                 f"({MXUS * ROWS * COLS})")
    every = [g for kernel in profile.kernels for g in gemms.get(kernel, [])]
    if not every:
        return None, [f"### {MODEL_TITLES.get(name, name)}\n",
                      "No convolution or matmul kernel found in the dispatches.\n"]
    serial = scalesim(loom_sim, work, name, every, False)
    full = scalesim(loom_sim, work, name, every, True)
    lines = [f"### {MODEL_TITLES.get(name, name)}\n",
             "| kernel | layer | M x K x N (count) | MACs | Loom cycles | Loom util "
             "(layer MACs) | Loom MXU busy (profile) | SCALE-Sim cycles | SCALE-Sim util "
             "| Loom model, SCALE-Sim mapping | HBM floor cycles |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    sums = {}
    for kernel, entry in profile.kernels.items():
        kernel_gemms_ = gemms.get(kernel)
        if not kernel_gemms_:
            continue
        macs = sum(g.macs for g in kernel_gemms_)
        capacity = entry["cycles"] * MXUS * ROWS * COLS
        util = 100.0 * macs / capacity if capacity else None
        # SCALE-Sim's Total Cycles per GEMM, once per independent product
        # (a batched matmul's batch, a grouped conv's groups).
        s_cycles = sum(g.count * serial[(g.m, g.k, g.n)] for g in kernel_gemms_)
        f_cycles = sum(g.count * full[(g.m, g.k, g.n)] for g in kernel_gemms_)
        s_util = 100.0 * macs / (s_cycles * ROWS * COLS) if s_cycles else None
        f_util = 100.0 * macs / (f_cycles * ROWS * COLS) if f_cycles else None
        kind = kernel_gemms_[0].kind
        for key in (kind, "all"):
            bucket = sums.setdefault(key, [0, 0, 0, 0, 0, 0])
            bucket[0] += macs
            bucket[1] += entry["cycles"]
            bucket[2] += entry["macs"]
            bucket[3] += s_cycles
            bucket[4] += f_cycles
            bucket[5] += 1
        shapes = "; ".join(f"{g.m}x{g.k}x{g.n}" + (f" ({g.count})" if g.count > 1 else "")
                           for g in kernel_gemms_)
        lines.append(f"| {kernel} | {'; '.join(g.describe for g in kernel_gemms_)} | {shapes} "
                     f"| {giga(macs)} | {entry['cycles']} | {pct(util)} "
                     f"| {entry['util']:.1f}% | {s_cycles} | {pct(s_util)} | {pct(f_util)} "
                     f"| {(entry['read'] + entry['written']) / HBM_BYTES_PER_CYCLE:.0f} |")
    summary = {}
    for key, (macs, cycles, busy_macs, s_cycles, f_cycles, count) in sums.items():
        capacity = cycles * MXUS * ROWS * COLS
        summary[key] = {
            "kernels": count, "macs": macs, "cycles": cycles,
            "util": 100.0 * macs / capacity, "busy": 100.0 * busy_macs / capacity,
            "scalesim": 100.0 * macs / (s_cycles * ROWS * COLS),
            "full": 100.0 * macs / (f_cycles * ROWS * COLS)}
    summary["model"] = {"cycles": profile.cycles, "busy": total["util"],
                        "util": 100.0 * sums["all"][0] / (profile.cycles * MXUS * ROWS * COLS)}
    lines.append("")
    for key, label in (("conv", "convolution"), ("matmul", "matmul")):
        if key in summary:
            s = summary[key]
            label += "s" if s["kernels"] > 1 else ""
            lines.append(f"- Over the {s['kernels']} {label}: {giga(s['macs'])} layer MACs "
                         f"in {s['cycles']} cycles: **Loom {s['util']:.1f}%** (MXU busy "
                         f"{s['busy']:.1f}%); SCALE-Sim {s['scalesim']:.1f}% on one "
                         f"{ROWS}x{COLS} array; Loom's model on SCALE-Sim's mapping "
                         f"{s['full']:.1f}%.")
    m = summary["model"]
    lines.append(f"- Whole model: {m['cycles']} cycles ({m['cycles'] / 1.05e3:.1f} us at "
                 f"1.05 GHz); layer MACs over all cycles {m['util']:.1f}%, the profile's "
                 f"MXU utilization {m['busy']:.1f}%.")
    others = [(entry["cycles"], kernel) for kernel, entry in profile.kernels.items()
              if kernel not in gemms]
    if others:
        others.sort(reverse=True)
        spent = sum(cycles for cycles, _ in others)
        largest = ", ".join(f"{kernel} ({'+'.join(ops.get(kernel, ['?']))}) {cycles}"
                            for cycles, kernel in others[:3])
        head, verb = ("kernels", "take") if len(others) > 1 else ("kernel", "takes")
        lines.append(f"- The {len(others)} {head} without a convolution or matmul {verb} "
                     f"{spent} cycles ({100.0 * spent / profile.cycles:.1f}%); the largest: "
                     f"{largest}.")
    if profile.stalls.startswith("stalls (cycles): "):
        lines.append(f"- Stall cycles by cause, summed over the units: "
                     f"{profile.stalls[len('stalls (cycles): '):]}.")
    lines.append("")
    return summary, lines


def timing_table(models, results):
    lines = ["| model | loomc s | loom-run s | simulated cycles | simulated time | "
             "MXU MACs | simulated MACs per host second |",
             "|---|---|---|---|---|---|---|"]
    for name in models:
        compile_s = read_time(os.path.join(results, name + ".loomc.time"))
        run_s = read_time(os.path.join(results, name + ".run.time"))
        log = os.path.join(results, name + ".run.log")
        if run_s is None or not os.path.exists(log):
            lines.append(f"| {name} | {fmt_s(compile_s)} | failed | — | — | — | — |")
            continue
        profile = Profile(log)
        macs = profile.total["macs"]
        lines.append(f"| {name} | {fmt_s(compile_s)} | {fmt_s(run_s)} | {profile.cycles} "
                     f"| {profile.cycles / 1.05e3:.1f} us | {macs / 1e9:.2f} G "
                     f"| {macs / run_s / 1e9:.2f} G |")
    return lines


def fmt_s(value):
    return "failed" if value is None else f"{value:.2f}"


def scaling_table(chips, torus, batch_per_chip, results):
    lines = ["| chips | torus | batch | loomc s | loom-run s | simulated cycles | "
             "images per simulated second | efficiency t1 / tN |",
             "|---|---|---|---|---|---|---|---|"]
    base = None
    efficiency = {}
    for n, shape in zip(chips, torus):
        log = os.path.join(results, f"scale-{n}.run.log")
        compile_s = read_time(os.path.join(results, f"scale-{n}.loomc.time"))
        run_s = read_time(os.path.join(results, f"scale-{n}.run.time"))
        if run_s is None or not os.path.exists(log):
            lines.append(f"| {n} | {shape} | {n * batch_per_chip} | {fmt_s(compile_s)} "
                         f"| not run or failed (see scale-{n}.*.log) | — | — | — |")
            continue
        profile = Profile(log)
        if n == chips[0]:
            base = profile.cycles
        images = n * batch_per_chip / (profile.cycles / 1.05e9)
        eff = base / profile.cycles if base else None
        efficiency[n] = eff
        lines.append(f"| {n} | {shape} | {n * batch_per_chip} | {fmt_s(compile_s)} "
                     f"| {fmt_s(run_s)} | {profile.cycles} | {images:.0f} "
                     f"| {pct(None if eff is None else 100 * eff)} |")
    return efficiency, lines


def machine():
    model, cores = platform.processor() or "unknown CPU", os.cpu_count()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
            elif line.startswith("CPU(s):"):
                cores = int(line.split(":", 1)[1])
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{model}, {cores} logical cores, Linux {platform.release()}; load average {load} when the report was written"


def commit(repo, results):
    """The commit run.sh recorded when it started, else the tree's now."""
    try:
        with open(os.path.join(results, "commit")) as text:
            recorded = " ".join(text.read().split())
        if recorded:
            return recorded
    except OSError:
        pass
    try:
        head = subprocess.run(["git", "-C", repo, "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return head + (" (with uncommitted changes in the tree)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True)
    parser.add_argument("--loom-sim", required=True)
    parser.add_argument("--layer-models", default="")
    parser.add_argument("--models", default="")
    parser.add_argument("--chips", default="")
    parser.add_argument("--torus", default="")
    parser.add_argument("--batch-per-chip", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--docs")
    args = parser.parse_args()
    split = lambda text: [x for x in text.split(",") if x]  # noqa: E731
    work = os.path.join(args.results, "scalesim")

    body = ["## Utilization per layer\n",
            f"Loom's chip is the default one: {MXUS} MXUs of {ROWS}x{COLS}, weight "
            "stationary, 1.05 GHz. Each convolution or matmul kernel (with its fused "
            "bias, residual add and activation) as `loom-run --profile` measured it, "
            "beside SCALE-Sim's analytic result for the same GEMM (M = batch x output "
            "pixels, K = filter window x input channels, N = filters; batched or "
            f"grouped products once each) on one {ROWS}x{COLS} ws array, from "
            "`loom-sim scalesim` (SCALE-Sim v2's stall-free model, reproduced; see "
            "[systolic.md](systolic.md#scale-sim-mode)).\n",
            "- **Loom util (layer MACs)** = the layer's MACs / (cycles x "
            f"{MXUS} x {ROWS} x {COLS}): the useful work of all four MXUs.",
            "- **Loom MXU busy (profile)** = the profile's MXU utilization, which counts "
            "every MAC the arrays performed, including the zero rows a kernel pads M to "
            "(small feature maps) and padded K and N: an upper bound on the useful share.",
            "- **SCALE-Sim util** = its Overall Util % for one array (layer MACs / "
            f"(Total Cycles x {ROWS} x {COLS})), weight loads and array fill serial "
            "with the streaming.",
            "- **Loom model, SCALE-Sim mapping**: the same one-array programs with Loom's "
            "overlapped MXU (`loom-sim scalesim --full-model`): what the MXU alone "
            "allows, without HBM, DMA or the vector unit.",
            "- **HBM floor cycles** = the kernel's HBM bytes read and written (profile) / "
            f"{HBM_BYTES_PER_CYCLE:.2f} bytes per cycle: no kernel can be faster.\n"]
    headline = None
    for name in split(args.layer_models):
        summary, lines = layer_table(name, args.results, args.loom_sim, work)
        body += lines
        if name == "resnet50_batch8" and summary and "conv" in summary:
            headline = summary["conv"]

    scaling_lines, efficiency = [], {}
    chips = [int(x) for x in split(args.chips)]
    if chips:
        efficiency, scaling_lines = scaling_table(chips, split(args.torus),
                                                  args.batch_per_chip, args.results)

    models = split(args.models)
    times = timing_table(models, args.results) if models else []

    bars = ["## Acceptance bars\n"]
    if headline:
        verdict = "pass" if headline["util"] >= 50 else "**fail**"
        bars.append(f"- ResNet-50 batch 8, one default chip, utilization over the "
                    f"convolutions >= 50%: {headline['util']:.1f}% of the layer MACs "
                    f"({verdict}; the profile's MXU busy figure is {headline['busy']:.1f}%).")
    if efficiency.get(8) is not None:
        verdict = "pass" if efficiency[8] >= 0.9 else "**fail**"
        bars.append(f"- Weak scaling, data-parallel ResNet-50 on a 2x2x2 torus: efficiency "
                    f"t1 / t8 >= 90%: {100 * efficiency[8]:.1f}% ({verdict}).")
    elif chips:
        bars.append("- Weak scaling on a 2x2x2 torus: not measured in this run "
                    f"(--chips={args.chips}).")
    r50 = os.path.join(args.results, "resnet50.run.time")
    if read_time(r50) is not None:
        seconds = read_time(r50)
        verdict = "pass" if seconds < 120 else "**fail**"
        bars.append(f"- ResNet-50 batch 1 simulates in under 2 minutes on this machine: "
                    f"{seconds:.1f} s ({verdict}).")
    bars.append("")
    if len(bars) == 2:
        bars = []

    tail = []
    if scaling_lines:
        tail += ["## Weak scaling (data-parallel ResNet-50)\n",
                 f"{args.batch_per_chip} image(s) per chip; `loomc --mesh=data=N "
                 "--parallel=data` with a chip config whose `ici.torus` has N chips, "
                 "`loom-run --profile` on one simulated torus. Simulated time is the "
                 "profile's cycles (every launch until its last chip finishes). Inference "
                 "needs no collective, so the chips meet only at launch boundaries: the efficiency shows that a chip's shard runs as one chip's whole model does, not the cost of communication.\n"]
        tail += scaling_lines + [""]
    if times:
        tail += ["## Compile time and simulation speed\n",
                 "Wall seconds of one `loomc --target=systolic` and of one `loom-run "
                 "--profile` (the artifact loaded, the inputs written, every kernel "
                 "simulated, the outputs read back), on the machine above. MXU MACs are the "
                 "profile's (every MAC the arrays performed).\n"]
        tail += times + [""]

    table = "\n".join(bars + body + tail)
    print(table)
    if args.docs:
        repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        page = ["# Systolic benchmarks\n",
                "Written by `bench/systolic/run.sh` (see "
                "[`bench/systolic/README.md`](../bench/systolic/README.md)); rerun it to "
                "refresh this page. The chip is simulated ([systolic.md](systolic.md)), so "
                "cycles and utilizations do not depend on the host; only the compile and "
                "simulation wall times do.\n",
                f"- Date: {now}",
                f"- Machine: {machine()}",
                f"- Loom: {commit(repo, args.results)}",
                f"- Settings: {'quick run (--quick)' if args.quick else 'full run'}\n",
                table]
        with open(args.docs, "w") as out:
            out.write("\n".join(page).rstrip() + "\n")
        print(f"wrote {args.docs}")


if __name__ == "__main__":
    main()
