// MLIR's pass manager and timing flags cover loomc's whole pipeline:
// simplification and fusion print IR after each pass, and --mlir-timing
// times every stage, code generation and emission included.

// RUN: loomc %s -o %t.loom --mlir-print-ir-after-all 2>&1 | FileCheck %s --check-prefix=PRINT
// PRINT: IR Dump After LoomRefineShapes (loom-refine-shapes)
// PRINT: IR Dump After CSE (cse)
// PRINT: IR Dump After LoomFormDispatches (loom-form-dispatches)
// PRINT: func.func private @main_kernel_0

// RUN: loomc %s -o %t.loom --mlir-timing --mlir-timing-display=list 2>&1 | FileCheck %s --check-prefix=TIMING
// TIMING: Execution time report
// TIMING-DAG: import
// TIMING-DAG: simplification
// TIMING-DAG: LoomFoldConstants
// TIMING-DAG: fusion
// TIMING-DAG: LoomFormDispatches
// TIMING-DAG: code generation (cpu)
// TIMING-DAG: artifact emission

func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = loom.exp %x : tensor<4x8xf32>
  %1 = loom.tanh %0 : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
