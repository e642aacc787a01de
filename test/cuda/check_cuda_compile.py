#!/usr/bin/env python3
"""Compiles models and fused patterns with `loomc --target=cuda --report`
(cubins for sm_80 and sm_90 and PTX: ptxas must accept every kernel) and
checks that the report gives every kernel run on the GPU its registers,
shared and local memory for both architectures (docs/cuda.md).

usage: check_cuda_compile.py LOOMC OUTDIR INPUT...

An INPUT model (.onnx) is compiled as it is; each function of an INPUT
.mlir file is compiled on its own, as @main. A compile passes when loomc
exits 0 without a warning and, for each kernel of the report's kernel
table that is not in its host fallback section, the report has a line
"KERNEL sm_80: registers R, shared bytes S, local bytes L" with R > 0, and
one for sm_90. Prints a line per compile, then "N compiles, K kernels on
the GPU, each reported for sm_80 and sm_90" or "FAILED: ..." (exit 1).
"""
import os
import re
import subprocess
import sys

ARCHS = ("sm_80", "sm_90")


def mlir_functions(path):
    """(name, text of a module with that function as @main) per function
    of `path`: each starts at a `func.func @` line and ends at a `}` line
    in the first column."""
    functions = []
    current = None
    with open(path) as f:
        for line in f:
            match = re.match(r"func\.func @([\w.]+)\(", line)
            if match:
                current = [match.group(1), [line.replace(
                    "@" + match.group(1) + "(", "@main(", 1)]]
            elif current:
                current[1].append(line)
                if line.rstrip() == "}":
                    functions.append((current[0], "".join(current[1])))
                    current = None
    return functions


def check_report(report):
    """The kernels on the GPU and the problems of `report`."""
    lines = report.splitlines()
    kernels, host, resources, problems = [], set(), {}, []
    section = None
    for line in lines:
        if line.startswith("kernel ") and "workgroups" in line:
            section = "kernels"
        elif line.startswith("total"):
            section = None
        elif line.startswith("kernel resources"):
            section = "resources"
        elif line.startswith("host fallback:"):
            section = "host"
        elif section == "kernels":
            kernels.append(line.split()[0])
        elif section == "resources":
            match = re.match(r"\s+(\S+)\s+(sm_\d+):\s+registers (\d+), "
                             r"shared bytes (\d+), local bytes (\d+)", line)
            if match:
                resources[(match.group(1), match.group(2))] = int(
                    match.group(3))
            else:
                section = None
        elif section == "host" and line.startswith("  "):
            host.add(line.split()[0])
    device = [kernel for kernel in dict.fromkeys(kernels) if kernel not in host]
    for kernel in device:
        for arch in ARCHS:
            registers = resources.get((kernel, arch))
            if registers is None:
                problems.append(f"no {arch} resource line for {kernel}")
            elif registers == 0:
                problems.append(f"{kernel} {arch}: 0 registers")
    if not kernels:
        problems.append("no kernel table")
    return device, problems


def compile_one(loomc, source, artifact, label):
    result = subprocess.run(
        [loomc, source, "--target=cuda", "--report", "-o", artifact],
        capture_output=True, text=True)
    problems = []
    if result.returncode != 0:
        problems.append(f"loomc exited {result.returncode}")
    if "warning" in result.stderr:
        problems.append("a warning")
    device, report_problems = check_report(result.stdout)
    problems += report_problems if result.returncode == 0 else []
    if problems:
        print(f"FAILED: {label}: " + "; ".join(problems))
        print(result.stderr + result.stdout)
        return None
    print(f"{label}: {len(device)} kernels on the GPU")
    return len(device)


def main():
    loomc, outdir, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    compiles = kernels = 0
    for path in inputs:
        stem = os.path.splitext(os.path.basename(path))[0]
        if path.endswith(".mlir"):
            units = []
            for name, text in mlir_functions(path):
                source = os.path.join(outdir, f"{stem}.{name}.mlir")
                with open(source, "w") as f:
                    f.write(text)
                units.append((source, f"{stem}.{name}"))
        else:
            units = [(path, stem)]
        for source, label in units:
            count = compile_one(loomc, source,
                                os.path.join(outdir, label + ".loom"), label)
            if count is None:
                sys.exit(1)
            compiles += 1
            kernels += count
    if compiles == 0:
        print("FAILED: nothing to compile")
        sys.exit(1)
    print(f"{compiles} compiles, {kernels} kernels on the GPU, each reported "
          f"for {' and '.join(ARCHS)}")


if __name__ == "__main__":
    main()
