// Generated hunts for wrong in-place result reuse (issue 13): gen_inplace.py
// writes functions whose elementwise kernel has a dying arena argument of
// the result's byte size but not its layout (a broadcast operand, another
// element type: comparisons, casts after arithmetic and selects), read by a
// transpose or a reduction, plus some legal same-shaped reuse; each must
// match the evaluator. Three seeds of 40 functions, about 3 s each.
// RUN: python3 %S/gen_inplace.py --seed 1 --count 40 > %t.1.mlir
// RUN: loom-differential %t.1.mlir
// RUN: python3 %S/gen_inplace.py --seed 2 --count 40 > %t.2.mlir
// RUN: loom-differential %t.2.mlir
// RUN: python3 %S/gen_inplace.py --seed 3 --count 40 > %t.3.mlir
// RUN: loom-differential %t.3.mlir
