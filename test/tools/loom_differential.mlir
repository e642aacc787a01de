// loom-differential prints one line per public function, and names the
// function and output that differ, or why a function cannot be tested.
// RUN: loom-differential %s --function=exp | FileCheck %s --check-prefix=OK
// OK: @exp: ok (1 output, max abs error {{.*}}, max rel error {{.*}})

// With no tolerance, the CPU's exp and libm's differ somewhere.
// RUN: not loom-differential %s --function=exp --rtol=0 --atol=0 2>&1 | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: loom-differential: error: @exp output 0 (64xf32) differs from the evaluator (rtol 0, atol 0): {{[0-9]+}} of 64 elements differ; first at index {{[0-9]+}} [{{[0-9]+}}]: got {{.*}}, expected {{.*}}

// Every public function runs; private ones are left out, failures do not
// stop the others, and the exit code is 1.
// RUN: not loom-differential %s 2>%t.err | FileCheck %s --check-prefix=ALL --implicit-check-not=private_helper
// RUN: FileCheck %s --check-prefix=ALL-ERR < %t.err
// ALL: @exp: ok
// ALL: @integer_range: ok
// ALL-ERR: loom-differential: error: @bad_range has no random inputs: {{.*}}loom_differential.mlir:{{[0-9]+}}:1: error: argument 0: loom.random must be [lo, hi] with two numbers, lo <= hi
// ALL-ERR: loom-differential: error: @empty_integer_range has no random inputs: {{.*}}argument 0: loom.random holds no integer
// ALL-ERR: loom-differential: error: @division_by_zero cannot be evaluated: {{.*}}loom_differential.mlir:{{[0-9]+}}:8: error: evaluator: integer division by zero{{$}}

// Seeds give other inputs, the same for the same seed.
// RUN: loom-differential %s --function=integer_range --seed=7 | FileCheck %s --check-prefix=SEED
// SEED: @integer_range: ok

// RUN: not loom-differential %s --function=missing 2>&1 | FileCheck %s --check-prefix=NO-FUNCTION
// NO-FUNCTION: loom-differential: error: {{.*}}loom_differential.mlir has no public function @missing

func.func @exp(%x: tensor<64xf32>) -> tensor<64xf32> {
  %0 = loom.exp %x : tensor<64xf32>
  return %0 : tensor<64xf32>
}
func.func private @private_helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
// Integers drawn from [1, 3]: the division never sees 0.
func.func @integer_range(%a: tensor<16xi32>, %b: tensor<16xi32> {loom.random = [1, 3]}) -> tensor<16xi32> {
  %0 = loom.div %a, %b : (tensor<16xi32>, tensor<16xi32>) -> tensor<16xi32>
  return %0 : tensor<16xi32>
}
func.func @bad_range(%x: tensor<4xf32> {loom.random = [2.0, 1.0]}) -> tensor<4xf32> {
  %0 = loom.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @empty_integer_range(%x: tensor<4xi32> {loom.random = [0.25, 0.75]}) -> tensor<4xi32> {
  %0 = loom.neg %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}
// The divisor is 0 everywhere: the evaluator refuses integer division by 0.
func.func @division_by_zero(%a: tensor<4xi32>, %b: tensor<4xi32> {loom.random = [0, 0]}) -> tensor<4xi32> {
  %0 = loom.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
