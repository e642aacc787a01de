// RUN: loom-opt %s -loom-lower-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:     --convert-linalg-to-loops --expand-strided-metadata --lower-affine \
// RUN:     --convert-scf-to-cf --convert-math-to-llvm --convert-arith-to-llvm \
// RUN:     --convert-cf-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm \
// RUN:     --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so \
// RUN: | FileCheck %s

// Runs max_pool and avg_pool through upstream MLIR's CPU path and checks
// them against numbers from the reference evaluator (the same module after
// loom-fold-constants). Cases: 2-D max with pads and strides, 1-D max with
// dilation and a window of padding only (-inf), a NaN in a window, i32 max;
// avg with and without count_include_pad in 1-D, 2-D and 3-D, and f16.

// The printers only read their argument, so constants need no copy.
func.func private @printMemrefF32(tensor<*xf32> {bufferization.access = "read"})
func.func private @printMemrefI32(tensor<*xi32> {bufferization.access = "read"})
func.func private @printMemrefI64(tensor<*xi64> {bufferization.access = "read"})

func.func @main() {
  %c1 = loom.constant dense<[[[[0.5, -1.0, 1.0, -1.75, -1.5], [-1.25, 0.75, -1.75, 2.0, -0.5], [-1.75, -1.5, 1.25, 1.25, -1.5], [-0.25, -1.5, 1.25, -1.75, -1.25], [-0.25, -1.75, 1.0, -1.75, -0.25]], [[-1.75, -1.0, 0.25, 1.25, -1.0], [-1.25, 0.25, -0.75, -1.25, -0.5], [0.75, -1.25, -1.5, -1.75, -0.5], [1.75, 1.25, 0.5, 1.5, 1.5], [0.75, 0.25, -0.25, -0.75, -0.25]]]]> : tensor<1x2x5x5xf32>
  %r2 = loom.max_pool %c1 kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %p3 = tensor.cast %r2 : tensor<1x2x3x3xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 2, 3, 3]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}0.75,     2,     2],
  // CHECK-NEXT: [0.75,     2,     2],
  // CHECK-NEXT: [-0.25,     1.25,     -0.25]],
  // CHECK-NEXT: {{\[\[}}0.25,     1.25,     1.25],
  // CHECK-NEXT: [1.75,     1.5,     1.5],
  // CHECK-NEXT: [1.75,     1.5,     1.5]]]]
  call @printMemrefF32(%p3) : (tensor<*xf32>) -> ()
  %c4 = loom.constant dense<[[[-1.5, 0.25, 2.0, 1.75, 0.5, 1.5]]]> : tensor<1x1x6xf32>
  %r5 = loom.max_pool %c4 kernel [2] strides [2] dilations [2] pad_low [3] pad_high [3] : (tensor<1x1x6xf32>) -> tensor<1x1x5xf32>
  %p6 = tensor.cast %r5 : tensor<1x1x5xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 1, 5]
  // CHECK-NEXT: {{\[\[}}[-inf,    0.25,    1.75,    1.75,    1.5]]]
  call @printMemrefF32(%p6) : (tensor<*xf32>) -> ()
  %c7 = loom.constant dense<[[[0.25, -1.5, 0x7FC00000, -1.25, 2.0, 1.25]]]> : tensor<1x1x6xf32>
  %r8 = loom.max_pool %c7 kernel [2] strides [2] dilations [1] pad_low [0] pad_high [0] : (tensor<1x1x6xf32>) -> tensor<1x1x3xf32>
  %p9 = tensor.cast %r8 : tensor<1x1x3xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 1, 3]
  // CHECK-NEXT: {{\[\[}}[0.25,    nan,    2]]]
  call @printMemrefF32(%p9) : (tensor<*xf32>) -> ()
  %c10 = loom.constant dense<[[[[-3, 0, -3, 2], [1, -5, 5, -4], [3, 4, 0, 0], [0, 4, 2, 4]]]]> : tensor<1x1x4x4xi32>
  %r11 = loom.max_pool %c10 kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32>
  %p12 = tensor.cast %r11 : tensor<1x1x2x2xi32> to tensor<*xi32>
  // CHECK: sizes = [1, 1, 2, 2]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}1,     5],
  // CHECK-NEXT: [4,     4]]]]
  call @printMemrefI32(%p12) : (tensor<*xi32>) -> ()
  %c13 = loom.constant dense<[[[[1.5, -1.5, -1.5, 0.0, 1.75], [-1.5, -1.75, 0.25, 1.5, 0.25], [1.0, 0.75, -2.0, 1.5, 0.75], [-0.75, -1.25, 1.75, -1.75, -0.5], [0.25, -1.0, -0.25, 1.0, 1.0]], [[1.75, -1.5, -0.75, 1.5, 1.0], [0.0, -1.0, 1.25, 0.0, 1.25], [0.75, 1.0, -0.25, -1.0, -1.5], [-0.75, -1.0, -0.25, -0.25, -2.0], [1.75, -0.75, 0.0, 0.25, -2.0]]]]> : tensor<1x2x5x5xf32>
  %r14 = loom.avg_pool %c13 kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %p15 = tensor.cast %r14 : tensor<1x2x3x3xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 2, 3, 3]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}-0.8125,     -0.5,     0.875],
  // CHECK-NEXT: [-0.583333,     -0.111111,     0.291667],
  // CHECK-NEXT: [-0.6875,     -0.25,     -0.0625]],
  // CHECK-NEXT: {{\[\[}}-0.1875,     -0.0833333,     0.9375],
  // CHECK-NEXT: [-0.166667,     -0.166667,     -0.583333],
  // CHECK-NEXT: [-0.1875,     -0.333333,     -1]]]]
  call @printMemrefF32(%p15) : (tensor<*xf32>) -> ()
  %c16 = loom.constant dense<[[[[-1.0, 1.25, 0.75, 0.5, -1.0], [2.0, -1.75, 1.5, 1.0, 1.0], [1.0, 1.0, -1.25, 1.75, 1.0], [-1.75, -0.5, -1.5, -0.5, 1.5], [-0.75, -1.25, 0.5, -1.75, -1.25]], [[-2.0, -1.0, -1.25, 0.75, -2.0], [-1.5, -0.5, 1.0, -1.0, 0.0], [0.75, 0.75, 1.75, -1.25, -1.25], [1.75, 1.5, 1.75, 1.75, 0.25], [-1.5, -1.0, -1.25, 0.5, 0.0]]]]> : tensor<1x2x5x5xf32>
  %r17 = loom.avg_pool %c16 kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] count_include_pad : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %p18 = tensor.cast %r17 : tensor<1x2x3x3xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 2, 3, 3]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}0.0555556,     0.361111,     0.166667],
  // CHECK-NEXT: [0,     -0.0277778,     0.638889],
  // CHECK-NEXT: [-0.472222,     -0.555556,     -0.222222]],
  // CHECK-NEXT: {{\[\[}}-0.555556,     -0.222222,     -0.25],
  // CHECK-NEXT: [0.305556,     0.638889,     -0.166667],
  // CHECK-NEXT: [0.0833333,     0.361111,     0.277778]]]]
  call @printMemrefF32(%p18) : (tensor<*xf32>) -> ()
  %c19 = loom.constant dense<[[[1.75, -0.75, 2.0, -2.0, -0.5]]]> : tensor<1x1x5xf32>
  %r20 = loom.avg_pool %c19 kernel [3] strides [2] pad_low [1] pad_high [1] : (tensor<1x1x5xf32>) -> tensor<1x1x3xf32>
  %p21 = tensor.cast %r20 : tensor<1x1x3xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 1, 3]
  // CHECK-NEXT: {{\[\[}}[0.5,    -0.25,    -1.25]]]
  call @printMemrefF32(%p21) : (tensor<*xf32>) -> ()
  %c22 = loom.constant dense<[[[[[2.0, 0.75, -1.0], [-2.0, 2.0, 0.25], [-1.5, 0.0, 2.0]], [[0.75, -0.75, 0.75], [-0.25, 2.0, 0.5], [-0.25, -0.5, -0.25]], [[1.0, -0.25, -0.5], [2.0, 1.75, 0.75], [-2.0, -2.0, 0.0]]]]]> : tensor<1x1x3x3x3xf32>
  %r23 = loom.avg_pool %c22 kernel [2, 2, 2] strides [2, 2, 2] pad_low [1, 1, 1] pad_high [0, 0, 0] : (tensor<1x1x3x3x3xf32>) -> tensor<1x1x2x2x2xf32>
  %p24 = tensor.cast %r23 : tensor<1x1x2x2x2xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 1, 2, 2, 2]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}[2,      -0.125],
  // CHECK-NEXT: [-1.75,      1.0625]],
  // CHECK-NEXT: {{\[\[}}0.875,      -0.1875],
  // CHECK-NEXT: [-0.125,      0.28125]]]]]
  call @printMemrefF32(%p24) : (tensor<*xf32>) -> ()
  %c25 = loom.constant dense<[[[[1.75, 0.0, -0.5, 0.75], [1.5, 0.75, 0.75, -1.5], [-0.25, -1.25, -0.25, 1.75], [-0.5, 0.5, -0.5, 1.75]]]]> : tensor<1x1x4x4xf16>
  %r26 = loom.avg_pool %c25 kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [0, 0] : (tensor<1x1x4x4xf16>) -> tensor<1x1x2x2xf16>
  %w27 = loom.cast %r26 : tensor<1x1x2x2xf16> to tensor<1x1x2x2xf32>
  %p28 = tensor.cast %w27 : tensor<1x1x2x2xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 1, 2, 2]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}1,     0.0416565],
  // CHECK-NEXT: [0.125,     0.222168]]]]
  call @printMemrefF32(%p28) : (tensor<*xf32>) -> ()
  return
}
