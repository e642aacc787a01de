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
// halves to even. Then: reduce_max/min/prod/mean over the rows of x, rem
// with the sign of the divisor, clamp to [0, 6], and a float-to-int cast
// that saturates and sends NaN to 0.

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)

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

  %max = loom.reduce_max %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  %min = loom.reduce_min %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  %prod = loom.reduce_prod %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  %mean = loom.reduce_mean %x axes [0] : (tensor<2x3xf32>) -> tensor<3xf32>
  // CHECK: sizes = [2]
  // CHECK-NEXT: [3, 5]
  %4 = tensor.cast %max : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%4) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [-2, -6]
  %5 = tensor.cast %min : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%5) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [-6, -120]
  %6 = tensor.cast %prod : tensor<2xf32> to tensor<*xf32>
  call @printMemrefF32(%6) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [2.5, 1.5, -1.5]
  %7 = tensor.cast %mean : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%7) : (tensor<*xf32>) -> ()

  %num = loom.constant dense<[-5.0, 5.0, -5.5, 7.0]> : tensor<4xf32>
  %den = loom.constant dense<[3.0, -3.0, 2.0, 7.0]> : tensor<4xf32>
  %rem = loom.rem %num, %den : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %inum = loom.constant dense<[-5, 5, -6, 7]> : tensor<4xi32>
  %iden = loom.constant dense<[3, -3, 4, 7]> : tensor<4xi32>
  %irem = loom.rem %inum, %iden : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %wide = loom.constant dense<[-1.0, 3.5, 7.0, 0x7FC00000]> : tensor<4xf32>
  %clamped = loom.clamp %wide min = 0.0 max = 6.0 : tensor<4xf32>
  %big = loom.constant dense<[3.0e9, -3.0e9, -1.9, 0x7FC00000]> : tensor<4xf32>
  %ints = loom.cast %big : tensor<4xf32> to tensor<4xi32>
  // CHECK: sizes = [4]
  // CHECK-NEXT: [1, -1, 0.5, 0]
  %8 = tensor.cast %rem : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%8) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4]
  // CHECK-NEXT: [1, -1, 2, 0]
  %9 = tensor.cast %irem : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%9) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [4]
  // CHECK-NEXT: [0, 3.5, 6, nan]
  %10 = tensor.cast %clamped : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%10) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4]
  // CHECK-NEXT: [2147483647, -2147483648, -1, 0]
  %11 = tensor.cast %ints : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%11) : (tensor<*xi32>) -> ()

  // Integer pow, div and rem, with the evaluator's numbers: powers wrap,
  // negative exponents give 0 or +-1, INT_MIN / -1 wraps instead of
  // trapping, division truncates and rem takes the divisor's sign.
  %base = loom.constant dense<[2, -2, 3, -1, 1, 2]> : tensor<6xi32>
  %exponent = loom.constant dense<[10, 3, -1, -3, -5, 31]> : tensor<6xi32>
  %power = loom.pow %base, %exponent : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  %dividend = loom.constant dense<[-2147483648, 7, -7, -2147483648]> : tensor<4xi32>
  %divisor = loom.constant dense<[-1, -1, 2, 3]> : tensor<4xi32>
  %quotient = loom.div %dividend, %divisor : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %remainder = loom.rem %dividend, %divisor : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  // CHECK: sizes = [6]
  // CHECK-NEXT: [1024, -8, 0, -1, 1, -2147483648]
  %12 = tensor.cast %power : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%12) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [4]
  // CHECK-NEXT: [-2147483648, -7, -3, -715827882]
  %13 = tensor.cast %quotient : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%13) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [4]
  // CHECK-NEXT: [0, 0, 1, 1]
  %14 = tensor.cast %remainder : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%14) : (tensor<*xi32>) -> ()
  return
}
