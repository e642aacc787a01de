// RUN: loom-opt %s -loom-lower-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:     --convert-linalg-to-loops --expand-strided-metadata --lower-affine \
// RUN:     --convert-scf-to-cf --convert-math-to-llvm --convert-arith-to-llvm \
// RUN:     --convert-cf-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm \
// RUN:     --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so \
// RUN: | FileCheck %s

// Runs the lowered ops through upstream MLIR's CPU path and checks numbers
// worked out by hand: x + b broadcasts b over the rows, relu clears the
// negatives, the matmul adds the third column to both, the transpose and
// reduce_sum with keepdims sum the columns of the product, and round takes
// halves to even.

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %x = loom.constant dense<[[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  %b = loom.constant dense<[0.5, 1.5, 2.5]> : tensor<3xf32>
  %w = loom.constant dense<[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]> : tensor<3x2xf32>
  %sum = loom.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %relu = loom.relu %sum : tensor<2x3xf32>
  %product = loom.matmul %relu, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %transposed = loom.transpose %product permutation [1, 0] : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %columns = loom.reduce_sum %transposed axes [1] keepdims : (tensor<2x2xf32>) -> tensor<2x1xf32>
  %flat = loom.reshape %columns : tensor<2x1xf32> to tensor<2xf32>
  %rounded = loom.round %b : tensor<3xf32>

  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}1.5, 0, 5.5],
  // CHECK-NEXT: [4.5, 6.5, 0]]
  %0 = tensor.cast %relu : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%0) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 2]
  // CHECK-NEXT: {{\[\[}}7, 5.5],
  // CHECK-NEXT: [4.5, 6.5]]
  %1 = tensor.cast %product : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%1) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [11.5, 12]
  %2 = tensor.cast %flat : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%2) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [0, 2, 2]
  %3 = tensor.cast %rounded : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%3) : (tensor<*xf32>) -> ()
  return
}
