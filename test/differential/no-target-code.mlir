// A function whose compile folds every output into a constant runs no target
// code: comparing it would compare the evaluator with itself, and
// loom-differential refuses it (issue 13: the iota functions of
// test/codegen/data_movement.mlir did this). A result that depends on an
// input, or a copy of one, runs on the target and is compared.
// RUN: not loom-differential %s --function=folded 2>&1 | FileCheck %s --check-prefix=FOLDED
// FOLDED: loom-differential: error: @folded runs no target code: the compile folded every output into a constant, so the test would compare the evaluator with itself
// RUN: loom-differential %s --function=computed | FileCheck %s --check-prefix=COMPUTED
// COMPUTED: @computed: ok
// RUN: loom-differential %s --function=copied | FileCheck %s --check-prefix=COPIED
// COPIED: @copied: ok

func.func @folded(%unused: tensor<1xf32>) -> tensor<3x17xi64> {
  %0 = loom.iota dim 1 : tensor<3x17xi64>
  return %0 : tensor<3x17xi64>
}
func.func @computed(%x: tensor<3x17xi64>) -> tensor<3x17xi64> {
  %0 = loom.iota dim 1 : tensor<3x17xi64>
  %1 = loom.add %0, %x : (tensor<3x17xi64>, tensor<3x17xi64>) -> tensor<3x17xi64>
  return %1 : tensor<3x17xi64>
}
func.func @copied(%x: tensor<3x17xf32>) -> tensor<51xf32> {
  %0 = loom.reshape %x : tensor<3x17xf32> to tensor<51xf32>
  return %0 : tensor<51xf32>
}
