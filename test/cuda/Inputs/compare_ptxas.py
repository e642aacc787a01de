#!/usr/bin/env python3
"""Checks the kernel resource lines of `loomc --target=cuda --report`
against what `ptxas -v` printed when it compiled the same PTX: for each
kernel ptxas compiled for ARCH, the report's registers, shared bytes and
local bytes (the larger of the stack frame and the cumulative stack size)
for ARCH must be ptxas's. Prints one line per architecture,
"ARCH: N kernels agree with ptxas -v", or each difference and exits 1.

usage: compare_ptxas.py REPORT.txt ARCH=PTXAS_OUTPUT.txt...
"""
import re
import sys


def report_lines(path):
    """{(kernel, arch): {figure: value}} from the report's resource lines."""
    lines = {}
    with open(path) as f:
        for line in f:
            match = re.match(r"\s+(\S+)\s+(sm_\d+):\s+(.*)$", line)
            if not match:
                continue
            figures = {}
            for figure in match.group(3).split(", "):
                name, _, value = figure.rpartition(" ")
                figures[name] = int(value)
            lines[(match.group(1), match.group(2))] = figures
    return lines


def ptxas_kernels(path):
    """{kernel: {figure: value}} from ptxas -v's lines."""
    kernels = {}
    current = None
    with open(path) as f:
        for line in f:
            match = re.search(r"Compiling entry function '([^']+)'", line)
            if match:
                current = kernels.setdefault(
                    match.group(1),
                    {"registers": 0, "shared bytes": 0, "local bytes": 0})
                continue
            if current is None:
                continue
            for pattern, name in ((r"(\d+) bytes stack frame", "local bytes"),
                                  (r"(\d+) bytes cumulative stack size",
                                   "local bytes"),
                                  (r"Used (\d+) registers", "registers"),
                                  (r"(\d+) bytes smem", "shared bytes")):
                match = re.search(pattern, line)
                if match:
                    value = int(match.group(1))
                    current[name] = (max(current[name], value)
                                     if name == "local bytes" else value)
    return kernels


def main():
    report = report_lines(sys.argv[1])
    failed = False
    for argument in sys.argv[2:]:
        arch, _, path = argument.partition("=")
        kernels = ptxas_kernels(path)
        if not kernels:
            print(f"{arch}: ptxas -v compiled no kernel")
            failed = True
        for kernel, expected in sorted(kernels.items()):
            got = report.get((kernel, arch))
            if got is None:
                print(f"{kernel} {arch}: not in the report")
                failed = True
                continue
            for name, value in expected.items():
                if got.get(name) != value:
                    print(f"{kernel} {arch}: {name} {got.get(name)} in the "
                          f"report, {value} from ptxas -v")
                    failed = True
        if not failed:
            print(f"{arch}: {len(kernels)} kernels agree with ptxas -v")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
