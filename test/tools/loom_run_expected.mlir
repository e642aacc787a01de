// loom-run --expected compares outputs with NumPy's allclose semantics,
// |actual - expected| <= atol + rtol * |expected| with NaN equal to NaN, and
// integers exactly; --benchmark prints one JSON object. The models are at
// the end of the file.
// RUN: rm -rf %t && split-file %s %t
// RUN: loomc %t/add.mlir --target=cpu -o %t.loom

// Matching outputs, by position and by name; those not compared are printed.
// RUN: loom-run %t.loom --input=2x4xf32=0,1,2,3,4,5,6,7 --input=2x4xf32=1 --expected=2x4xf32=12,24,36,48,60,72,84,96 | FileCheck %s --check-prefix=MATCH
// MATCH:      output 'z': matches (max abs error 0, max rel error 0)
// MATCH-NEXT: output 'w': 2x4xf32 [1, 2, 3, 4, 5, 6, 7, 8]
// RUN: loom-run %t.loom --input=2x4xf32=0,1,2,3,4,5,6,7 --input=2x4xf32=1 --expected=w=2x4xf32=1,2,3,4,5,6,7,8.00001 | FileCheck %s --check-prefix=BY-NAME
// BY-NAME:      output 'z': 2x4xf32 [12, 24, 36, 48, 60, 72, 84, 96]
// BY-NAME-NEXT: output 'w': matches (max abs error 9.5367431640625e-06, max rel error 1.19209{{[0-9]*}}e-06)

// A mismatch names the output, the first index and both values.
// RUN: not loom-run %t.loom --input=2x4xf32=0,1,2,3,4,5,6,7 --input=2x4xf32=1 --expected=w=2x4xf32=1,2,3,4,5,6.1,7,8.1 2>&1 | FileCheck %s --check-prefix=MISMATCH --implicit-check-not='{{.}}'
// MISMATCH: loom-run: error: output 'w' does not match (rtol 1e-05, atol 1e-08): 2 of 8 elements differ; first at index 5 [1, 1]: got 6, expected 6.1
// The tolerances widen it.
// RUN: loom-run %t.loom --input=2x4xf32=0,1,2,3,4,5,6,7 --input=2x4xf32=1 --expected=w=2x4xf32=1,2,3,4,5,6.1,7,8.1 --rtol=0.02 --output=z=@%t.z.npy | FileCheck %s --check-prefix=RTOL
// RTOL: output 'w': matches (max abs error 0.1000003{{[0-9]*}}, max rel error 0.0163934{{[0-9]*}})
// RUN: loom-run %t.loom --input=2x4xf32=0,1,2,3,4,5,6,7 --input=2x4xf32=1 --expected=w=2x4xf32=1,2,3,4,5,6.1,7,8.1 --rtol=0 --atol=0.11 --output=z=@%t.z.npy | FileCheck %s --check-prefix=ATOL
// ATOL: output 'w': matches
// A reference from an .npy file, with the wrong shape.
// RUN: not loom-run %t.loom --input=2x4xf32=0 --input=2x4xf32=0 --expected=@%t.z.npy --expected=8xf32=0 2>&1 | FileCheck %s --check-prefix=EXPECTED-SHAPE --implicit-check-not='{{.}}'
// EXPECTED-SHAPE: loom-run: error: --expected: output 'w': got 8xf32, the model produces 2x4xf32

// NaN equals NaN, and infinities equal only themselves.
// RUN: loomc %t/copy_3_f32.mlir --target=cpu -o %t.copy.loom
// RUN: loom-run %t.copy.loom --input=3xf32=nan,inf,-inf --expected=3xf32=nan,inf,-inf | FileCheck %s --check-prefix=NAN
// NAN: output 'y': matches (max abs error 0, max rel error 0)
// RUN: not loom-run %t.copy.loom --input=3xf32=nan,inf,1 --expected=3xf32=nan,-inf,1 --atol=1e300 2>&1 | FileCheck %s --check-prefix=INF --implicit-check-not='{{.}}'
// INF: loom-run: error: output 'y' does not match (rtol 1e-05, atol 1e+300): 1 of 3 elements differ; first at index 1 [1]: got inf, expected -inf
// RUN: not loom-run %t.copy.loom --input=3xf32=1,2,3 --expected=3xf32=1,2,nan 2>&1 | FileCheck %s --check-prefix=NOT-NAN --implicit-check-not='{{.}}'
// NOT-NAN: loom-run: error: output 'y' does not match (rtol 1e-05, atol 1e-08): 1 of 3 elements differ; first at index 2 [2]: got 3, expected nan

// Integers compare exactly, whatever the tolerances.
// RUN: loomc %t/copy_2_2_i64.mlir --target=cpu -o %t.i64.loom
// RUN: not loom-run %t.i64.loom --input=2x2xi64=1,2,3,9007199254740993 --expected=2x2xi64=1,2,3,9007199254740992 --rtol=1 2>&1 | FileCheck %s --check-prefix=INT --implicit-check-not='{{.}}'
// INT: loom-run: error: output 'y' does not match (rtol 1, atol 1e-08): 1 of 4 elements differ; first at index 3 [1, 1]: got 9007199254740993, expected 9007199254740992

// --benchmark prints only its JSON object (the outputs are still checked).
// RUN: loom-run %t.loom --input=2x4xf32=0 --input=2x4xf32=0 --benchmark=5 --threads=2 --expected=w=2x4xf32=0 | FileCheck %s --check-prefix=BENCHMARK --implicit-check-not='{{.}}'
// BENCHMARK: {"median_ms": {{[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?}}, "min_ms": {{[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?}}, "max_ms": {{[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?}}, "mean_ms": {{[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?}}, "runs": 5, "threads": 2}
// RUN: not loom-run %t.loom --input=2x4xf32=0 --input=2x4xf32=0 --benchmark=2 --expected=w=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=BENCHMARK-MISMATCH --implicit-check-not='{{.}}'
// BENCHMARK-MISMATCH: loom-run: error: output 'w' does not match (rtol 1e-05, atol 1e-08): 8 of 8 elements differ; first at index 0 [0, 0]: got 0, expected 1

//--- add.mlir
// z = (x + y) * 2 + [[10, 20, 30, 40], [50, 60, 70, 80]] and w = x + y.
func.func @main(%x: tensor<2x4xf32> {loom.name = "x"}, %y: tensor<2x4xf32> {loom.name = "y"}) -> (tensor<2x4xf32> {loom.name = "z"}, tensor<2x4xf32> {loom.name = "w"}) {
  %c = loom.constant dense<[[10.0, 20.0, 30.0, 40.0], [50.0, 60.0, 70.0, 80.0]]> : tensor<2x4xf32>
  %two = loom.constant dense<2.0> : tensor<f32>
  %w = loom.add %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %scaled = loom.mul %w, %two : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %z = loom.add %scaled, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %z, %w : tensor<2x4xf32>, tensor<2x4xf32>
}
//--- copy_3_f32.mlir
func.func @main(%x: tensor<3xf32> {loom.name = "x"}) -> (tensor<3xf32> {loom.name = "y"}) {
  return %x : tensor<3xf32>
}
//--- copy_2_2_i64.mlir
func.func @main(%x: tensor<2x2xi64> {loom.name = "x"}) -> (tensor<2x2xi64> {loom.name = "y"}) {
  return %x : tensor<2x2xi64>
}
