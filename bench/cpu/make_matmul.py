#!/usr/bin/python3
"""Writes the matmul benchmark case M x N x K for Loom:

    make_matmul.py DIR M N K

DIR/matmul_MxNxK.mlir holds a @main with one loom.matmul of its two inputs;
DIR/matmul_MxNxK.lhs.npy and .rhs.npy are seeded random inputs in [-1, 1),
DIR/matmul_MxNxK.expected.npy their product computed in f64 and rounded to
f32, for the relative L2 check of Loom's result.
"""

import os
import sys

import numpy as np


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    directory = sys.argv[1]
    m, n, k = (int(arg) for arg in sys.argv[2:])
    stem = os.path.join(directory, f"matmul_{m}x{n}x{k}")
    lhs_type, rhs_type, out_type = (f"tensor<{m}x{k}xf32>", f"tensor<{k}x{n}xf32>",
                                    f"tensor<{m}x{n}xf32>")
    with open(stem + ".mlir", "w") as mlir:
        mlir.write(
            f"func.func @main(%lhs: {lhs_type}, %rhs: {rhs_type}) -> {out_type} {{\n"
            f"  %out = loom.matmul %lhs, %rhs : ({lhs_type}, {rhs_type}) -> {out_type}\n"
            f"  return %out : {out_type}\n"
            f"}}\n")
    rng = np.random.default_rng(0)
    lhs = rng.uniform(-1, 1, (m, k)).astype(np.float32)
    rhs = rng.uniform(-1, 1, (k, n)).astype(np.float32)
    np.save(stem + ".lhs.npy", lhs)
    np.save(stem + ".rhs.npy", rhs)
    expected = lhs.astype(np.float64) @ rhs.astype(np.float64)
    np.save(stem + ".expected.npy", expected.astype(np.float32))


if __name__ == "__main__":
    main()
