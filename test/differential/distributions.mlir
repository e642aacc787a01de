// loom-differential's input distributions (docs/testing.md, "Differential
// inputs and how outputs compare"): every function is compiled once and run
// on each distribution of each seed, a failure names its draw, the draws
// hold what they promise, and a function may leave a distribution out.
// RUN: loom-differential %s --function=relu_sum | FileCheck %s --check-prefix=ALL
// ALL: @relu_sum: ok (1 output, max abs error {{.*}}, max rel error {{.*}}, 6 draws)

// RUN: loom-differential %s --function=relu_sum --distributions=uniform,special --seeds=3 | FileCheck %s --check-prefix=SEEDS
// SEEDS: @relu_sum: ok ({{.*}}, 6 draws)
// RUN: loom-differential %s --function=relu_sum --distributions=uniform | FileCheck %s --check-prefix=ONE
// ONE: @relu_sum: ok (1 output, max abs error {{[^,]*}}, max rel error {{[^,]*}}){{$}}

// The special draw holds subnormals, huge values and infinities; with no
// tolerance the first draw that differs is named, with how to draw it
// again, and --print-inputs shows it.
// RUN: not loom-differential %s --function=exp --distributions=special --rtol=0 --atol=0 --print-inputs 2>&1 | FileCheck %s --check-prefix=SPECIAL
// SPECIAL: loom-differential: error: @exp output 0 (256xf32) differs from the evaluator (rtol 0, atol 0): {{.*}} [inputs: special, seed 1; rerun with --distributions=special --seed=1]
// SPECIAL-NEXT: input 0: 256xf32 [{{.*}}e-45{{.*}}e+18, inf{{.*}}]
// RUN: not loom-differential %s --function=exp --distributions=uniform,special --rtol=0 --atol=0 2>&1 | FileCheck %s --check-prefix=FIRST
// FIRST: [inputs: uniform, seed 1; rerun with --distributions=uniform --seed=1]

// Integer extremes reach the divisor: the evaluator refuses division by
// zero, and those draws are counted, not compared.
// RUN: loom-differential %s --function=divide --distributions=negative,special --seeds=4 | FileCheck %s --check-prefix=DOMAIN
// DOMAIN: @divide: ok ({{.*}} draws, {{[0-9]+}} outside the evaluator's domain skipped)

// The integer minimum divided by -1 and its remainder wrap on both sides.
// RUN: loom-differential %s --function=minimum_by_minus_one --distributions=special,wide --seeds=2 | FileCheck %s --check-prefix=MINIMUM
// MINIMUM: @minimum_by_minus_one: ok (2 outputs, max abs error 0, max rel error 0, 4 draws)

// loom.skip_distributions leaves draws out and says so.
// RUN: loom-differential %s --function=skips | FileCheck %s --check-prefix=SKIP
// SKIP: @skips: ok ({{.*}}, 4 draws, not run on near-constant, special)

// RUN: not loom-differential %s --distributions=uniform,gaussian 2>&1 | FileCheck %s --check-prefix=BAD-NAME
// BAD-NAME: loom-differential: error: --distributions: unknown distribution 'gaussian' (uniform, positive, negative, wide, special, near-constant or all)
// RUN: not loom-differential %s --seeds=0 2>&1 | FileCheck %s --check-prefix=NO-SEEDS
// NO-SEEDS: loom-differential: error: --seeds must be at least 1
// RUN: not loom-differential %s --function=bad_skip 2>&1 | FileCheck %s --check-prefix=BAD-SKIP
// BAD-SKIP: loom-differential: error: @bad_skip has a malformed loom.skip_distributions: it must list distributions by name

func.func @relu_sum(%x: tensor<8x33xf32>) -> tensor<8xf32> {
  %r = loom.relu %x : tensor<8x33xf32>
  %s = loom.reduce_sum %r axes [1] : (tensor<8x33xf32>) -> tensor<8xf32>
  return %s : tensor<8xf32>
}
func.func @exp(%x: tensor<256xf32>) -> tensor<256xf32> {
  %0 = loom.exp %x : tensor<256xf32>
  return %0 : tensor<256xf32>
}
func.func @divide(%a: tensor<64xi32>, %b: tensor<64xi32>) -> tensor<64xi32> {
  %0 = loom.div %a, %b : (tensor<64xi32>, tensor<64xi32>) -> tensor<64xi32>
  return %0 : tensor<64xi32>
}
func.func @minimum_by_minus_one(%a: tensor<64xi32>, %b: tensor<64xi32> {loom.random = [-1, -1]}) -> (tensor<64xi32>, tensor<64xi32>) {
  %0 = loom.div %a, %b : (tensor<64xi32>, tensor<64xi32>) -> tensor<64xi32>
  %1 = loom.rem %a, %b : (tensor<64xi32>, tensor<64xi32>) -> tensor<64xi32>
  return %0, %1 : tensor<64xi32>, tensor<64xi32>
}
func.func @skips(%x: tensor<4xf32>) -> tensor<4xf32>
    attributes {loom.skip_distributions = ["special", "near-constant"]} {
  %0 = loom.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @bad_skip(%x: tensor<4xf32>) -> tensor<4xf32>
    attributes {loom.skip_distributions = ["sometimes"]} {
  %0 = loom.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
