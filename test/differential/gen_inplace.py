#!/usr/bin/env python3
"""Writes functions that hunt wrong in-place result reuse (issue 13).

The memory planner may give an elementwise kernel's result the buffer of an
argument that dies at the call. That is only safe when the kernel reads each
argument element before it writes the result element at the same offset:
the same shape and the same element size. Each generated function builds a
case where the byte sizes agree and the layouts do not: a small operand
(made by a reduction, a transpose or an elementwise chain of another shape,
so it lives in the arena and dies at the call) broadcast against a larger
operand by an op that changes the element type (a comparison, a cast after
arithmetic or a select), so that

    elements(small) * size(operand type) == elements(result) * size(result type)

The result is then read by a transpose (or a reduction), so it is not an
output and may be planned in place. Some cases take a same-shaped arena
operand instead (reuse that is legal); they keep the planner's legal reuse
under test. `loom-differential` compares each function with the evaluator.

    gen_inplace.py --seed N --count K > cases.mlir

The same seed always writes the same file.
"""

import argparse
import random

SIZES = {"f64": 8, "i64": 8, "f32": 4, "i32": 4, "f16": 2, "bf16": 2,
         "i8": 1, "i1": 1}
FLOATS = {"f64", "f32", "f16", "bf16"}
PREDICATES = ["lt", "le", "gt", "ge", "eq", "ne"]
ARITH = ["add", "sub", "mul", "max", "min"]


def tensor(shape, dtype):
    return "tensor<" + "".join(f"{d}x" for d in shape) + dtype + ">"


def broadcast_shapes(rng, ratio):
    """A result shape and a small operand shape that broadcasts to it, with
    elements(result) == ratio * elements(small)."""
    rank = rng.choice([2, 2, 3])
    # Split `ratio` over broadcast dimensions: one dimension of extent
    # `ratio`, or for ratio 4 and 8 sometimes two.
    factors = [ratio]
    if ratio in (4, 8) and rng.random() < 0.3:
        factors = [2, ratio // 2]
    dims = rng.sample(range(rank), min(len(factors), rank))
    shape = [rng.choice([3, 4, 5, 8]) for _ in range(rank)]
    small = list(shape)
    for dim, factor in zip(dims, factors):
        shape[dim] = factor
        small[dim] = 1
    # Leading ones may be dropped (NumPy broadcasting), as a bias would be.
    while len(small) > 1 and small[0] == 1 and rng.random() < 0.6:
        small = small[1:]
    return shape, small


class Case:
    def __init__(self, rng, index):
        self.rng = rng
        self.name = f"inplace_{index}"
        self.args = []
        self.body = []
        self.counter = 0

    def value(self):
        self.counter += 1
        return f"%v{self.counter}"

    def arg(self, shape, dtype, attrs=""):
        name = f"%a{len(self.args)}"
        self.args.append(f"{name}: {tensor(shape, dtype)}{attrs}")
        return name

    def emit(self, text):
        self.body.append("  " + text)

    def arena_value(self, shape, dtype):
        """A value of `shape` computed by a kernel of its own, so that its
        buffer is arena memory that dies where it is read."""
        rng = self.rng
        kind = rng.choice(["reduce", "transpose", "unary"])
        if kind == "reduce" and dtype != "i1":
            extra = rng.choice([2, 3, 5])
            source_shape = list(shape) + [extra]
            source = self.arg(source_shape, dtype)
            # Exact reductions for floats: a comparison of a sum that the
            # target rounds differently would differ for no fault of reuse.
            op = rng.choice(["reduce_max", "reduce_min"] +
                            (["reduce_sum"] if dtype not in FLOATS else []))
            result = self.value()
            self.emit(f"{result} = loom.{op} {source} axes [{len(shape)}] : "
                      f"({tensor(source_shape, dtype)}) -> {tensor(shape, dtype)}")
            return result
        if kind == "transpose" and len(shape) >= 2:
            perm = list(range(len(shape)))
            perm[-1], perm[-2] = perm[-2], perm[-1]
            source_shape = [shape[p] for p in perm]
            source = self.arg(source_shape, dtype)
            result = self.value()
            self.emit(f"{result} = loom.transpose {source} permutation "
                      f"[{', '.join(map(str, perm))}] : "
                      f"({tensor(source_shape, dtype)}) -> {tensor(shape, dtype)}")
            return result
        source = self.arg(shape, dtype)
        result = self.value()
        op = "not" if dtype == "i1" else rng.choice(["neg", "abs"])
        self.emit(f"{result} = loom.{op} {source} : {tensor(shape, dtype)}")
        return result

    def build(self):
        rng = self.rng
        legal = rng.random() < 0.2
        form = rng.choice(["compare", "compare", "arith", "select"])
        if form == "compare":
            operand = rng.choice(["f64", "i64", "f32", "i32", "f16", "bf16"])
            result_type = rng.choice(
                [t for t in ["i1", "i8", "f16", "i32", "f32"]
                 if SIZES[t] < SIZES[operand]] or ["i1"])
        else:
            operand = rng.choice(["f64", "i64", "f32", "i32"])
            result_type = rng.choice(
                [t for t in ["i8", "f16", "bf16", "i32", "f32"]
                 if SIZES[t] < SIZES[operand]
                 # Floats cast to integers only where both agree on the
                 # rounding and range: keep integer results from integers.
                 and (t in FLOATS or operand not in FLOATS)
                 # A cast of an 8-byte type to bf16 links to compiler-rt's
                 # __truncdfbf2, which kernel libraries lack (a CPU backend
                 # defect of its own, reported with issue 13).
                 and not (t == "bf16" and SIZES[operand] == 8)])
        ratio = SIZES[operand] // SIZES[result_type]
        shape, small_shape = broadcast_shapes(rng, ratio)
        if legal:
            # The same shape and element type: reuse is allowed (and still
            # has to be right).
            result_type = operand if form != "compare" else "i1"
            small_shape = shape
            if form == "compare":
                operand = "i1"
        small = self.arena_value(small_shape, operand)
        big = (self.arena_value(shape, operand) if rng.random() < 0.4
               else self.arg(shape, operand))
        lhs, rhs, lhs_shape, rhs_shape = small, big, small_shape, shape
        if rng.random() < 0.5:
            lhs, rhs, lhs_shape, rhs_shape = big, small, shape, small_shape
        operand_types = f"({tensor(lhs_shape, operand)}, {tensor(rhs_shape, operand)})"
        combined = self.value()
        combined_type = operand
        if form == "compare":
            pred = rng.choice(PREDICATES)
            self.emit(f"{combined} = loom.compare {pred}, {lhs}, {rhs} : "
                      f"{operand_types} -> {tensor(shape, 'i1')}")
            combined_type = "i1"
        elif form == "arith":
            op = rng.choice(ARITH if operand != "i1" else ["max", "min"])
            self.emit(f"{combined} = loom.{op} {lhs}, {rhs} : "
                      f"{operand_types} -> {tensor(shape, operand)}")
        else:
            cond = self.arg(shape, "i1")
            self.emit(f"{combined} = loom.select {cond}, {lhs}, {rhs} : "
                      f"({tensor(shape, 'i1')}, {tensor(lhs_shape, operand)}, "
                      f"{tensor(rhs_shape, operand)}) -> {tensor(shape, operand)}")
        result = combined
        if combined_type != result_type:
            result = self.value()
            self.emit(f"{result} = loom.cast {combined} : "
                      f"{tensor(shape, combined_type)} to {tensor(shape, result_type)}")
        # Read the result through a kernel that is not elementwise, so the
        # result is arena memory, not the output.
        perm = list(reversed(range(len(shape))))
        out_shape = [shape[p] for p in perm]
        final = self.value()
        if result_type != "i1" and rng.random() < 0.3:
            out_shape = shape[:-1]
            self.emit(f"{final} = loom.reduce_max {result} axes [{len(shape) - 1}] : "
                      f"({tensor(shape, result_type)}) -> {tensor(out_shape, result_type)}")
        else:
            self.emit(f"{final} = loom.transpose {result} permutation "
                      f"[{', '.join(map(str, perm))}] : "
                      f"({tensor(shape, result_type)}) -> {tensor(out_shape, result_type)}")
        self.emit(f"return {final} : {tensor(out_shape, result_type)}")
        header = (f"func.func @{self.name}({', '.join(self.args)}) -> "
                  f"{tensor(out_shape, result_type)} {{")
        return "\n".join([header] + self.body + ["}"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=32)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"// Generated by gen_inplace.py --seed {args.seed} --count {args.count}")
    for index in range(args.count):
        print(Case(rng, index).build())


if __name__ == "__main__":
    main()
