// RUN: loom-opt %s -loom-lower-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:     --convert-linalg-to-loops --expand-strided-metadata --lower-affine \
// RUN:     --convert-scf-to-cf --convert-math-to-llvm --convert-arith-to-llvm \
// RUN:     --convert-cf-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm \
// RUN:     --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so \
// RUN: | FileCheck %s

// Runs argmax/argmin, cumsum, topk and the f16/bf16 axis reductions through
// upstream MLIR's CPU path and checks them against numbers from the
// reference evaluator (the same module after loom-fold-constants). Inputs
// hold ties and NaNs: the first or (select_last_index) last index wins, a
// NaN beats every number, and topk ranks NaN first (last with
// largest = false) and keeps ties in index order. cumsum runs forward,
// exclusive, reverse and both, on f32, i32 and f16.

// The printers only read their argument, so constants need no copy.
func.func private @printMemrefF32(tensor<*xf32> {bufferization.access = "read"})
func.func private @printMemrefI32(tensor<*xi32> {bufferization.access = "read"})
func.func private @printMemrefI64(tensor<*xi64> {bufferization.access = "read"})

func.func @main() {
  %c1 = loom.constant dense<[[1.0, 3.0, 3.0, -1.0], [0x7FC00000, 2.0, 0x7FC00000, -2.0], [-0.0, 0.0, -1.5, -1.5]]> : tensor<3x4xf32>
  %c2 = loom.constant dense<[[2, 2, -1, 0], [2, -3, -1, 0], [1, -3, 5, 0]]> : tensor<3x4xi32>
  %r3 = loom.argmax %c1 axis 1 : (tensor<3x4xf32>) -> tensor<3xi64>
  %p4 = tensor.cast %r3 : tensor<3xi64> to tensor<*xi64>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [1,  0,  0]
  call @printMemrefI64(%p4) : (tensor<*xi64>) -> ()
  %r5 = loom.argmax %c1 axis 1 keepdims select_last_index : (tensor<3x4xf32>) -> tensor<3x1xi64>
  %p6 = tensor.cast %r5 : tensor<3x1xi64> to tensor<*xi64>
  // CHECK: sizes = [3, 1]
  // CHECK-NEXT: {{\[\[}}2],
  // CHECK-NEXT: [2],
  // CHECK-NEXT: [1]]
  call @printMemrefI64(%p6) : (tensor<*xi64>) -> ()
  %r7 = loom.argmax %c2 axis 0 : (tensor<3x4xi32>) -> tensor<4xi64>
  %p8 = tensor.cast %r7 : tensor<4xi64> to tensor<*xi64>
  // CHECK: sizes = [4]
  // CHECK-NEXT: [0,  0,  2,  0]
  call @printMemrefI64(%p8) : (tensor<*xi64>) -> ()
  %r9 = loom.argmax %c2 axis 0 select_last_index : (tensor<3x4xi32>) -> tensor<4xi64>
  %p10 = tensor.cast %r9 : tensor<4xi64> to tensor<*xi64>
  // CHECK: sizes = [4]
  // CHECK-NEXT: [1,  0,  2,  2]
  call @printMemrefI64(%p10) : (tensor<*xi64>) -> ()
  %r11 = loom.argmin %c1 axis 1 : (tensor<3x4xf32>) -> tensor<3xi64>
  %p12 = tensor.cast %r11 : tensor<3xi64> to tensor<*xi64>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [3,  0,  2]
  call @printMemrefI64(%p12) : (tensor<*xi64>) -> ()
  %r13 = loom.argmin %c1 axis 1 keepdims select_last_index : (tensor<3x4xf32>) -> tensor<3x1xi64>
  %p14 = tensor.cast %r13 : tensor<3x1xi64> to tensor<*xi64>
  // CHECK: sizes = [3, 1]
  // CHECK-NEXT: {{\[\[}}3],
  // CHECK-NEXT: [2],
  // CHECK-NEXT: [3]]
  call @printMemrefI64(%p14) : (tensor<*xi64>) -> ()
  %r15 = loom.argmin %c2 axis 0 : (tensor<3x4xi32>) -> tensor<4xi64>
  %p16 = tensor.cast %r15 : tensor<4xi64> to tensor<*xi64>
  // CHECK: sizes = [4]
  // CHECK-NEXT: [2,  1,  0,  0]
  call @printMemrefI64(%p16) : (tensor<*xi64>) -> ()
  %r17 = loom.argmin %c2 axis 0 select_last_index : (tensor<3x4xi32>) -> tensor<4xi64>
  %p18 = tensor.cast %r17 : tensor<4xi64> to tensor<*xi64>
  // CHECK: sizes = [4]
  // CHECK-NEXT: [2,  2,  1,  2]
  call @printMemrefI64(%p18) : (tensor<*xi64>) -> ()
  %r19 = loom.cumsum %c1 axis 1 : tensor<3x4xf32>
  %p20 = tensor.cast %r19 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}1,   4,   7,   6],
  // CHECK-NEXT: [nan,   nan,   nan,   nan],
  // CHECK-NEXT: [-0,   0,   -1.5,   -3]]
  call @printMemrefF32(%p20) : (tensor<*xf32>) -> ()
  %r21 = loom.cumsum %c2 axis 0 : tensor<3x4xi32>
  %p22 = tensor.cast %r21 : tensor<3x4xi32> to tensor<*xi32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}2,   2,   -1,   0],
  // CHECK-NEXT: [4,   -1,   -2,   0],
  // CHECK-NEXT: [5,   -4,   3,   0]]
  call @printMemrefI32(%p22) : (tensor<*xi32>) -> ()
  %r23 = loom.cumsum %c1 axis 1 exclusive : tensor<3x4xf32>
  %p24 = tensor.cast %r23 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}0,   1,   4,   7],
  // CHECK-NEXT: [0,   nan,   nan,   nan],
  // CHECK-NEXT: [0,   -0,   0,   -1.5]]
  call @printMemrefF32(%p24) : (tensor<*xf32>) -> ()
  %r25 = loom.cumsum %c2 axis 0 exclusive : tensor<3x4xi32>
  %p26 = tensor.cast %r25 : tensor<3x4xi32> to tensor<*xi32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}0,   0,   0,   0],
  // CHECK-NEXT: [2,   2,   -1,   0],
  // CHECK-NEXT: [4,   -1,   -2,   0]]
  call @printMemrefI32(%p26) : (tensor<*xi32>) -> ()
  %r27 = loom.cumsum %c1 axis 1 reverse : tensor<3x4xf32>
  %p28 = tensor.cast %r27 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}6,   5,   2,   -1],
  // CHECK-NEXT: [nan,   nan,   nan,   -2],
  // CHECK-NEXT: [-3,   -3,   -3,   -1.5]]
  call @printMemrefF32(%p28) : (tensor<*xf32>) -> ()
  %r29 = loom.cumsum %c2 axis 0 reverse : tensor<3x4xi32>
  %p30 = tensor.cast %r29 : tensor<3x4xi32> to tensor<*xi32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}5,   -4,   3,   0],
  // CHECK-NEXT: [3,   -6,   4,   0],
  // CHECK-NEXT: [1,   -3,   5,   0]]
  call @printMemrefI32(%p30) : (tensor<*xi32>) -> ()
  %r31 = loom.cumsum %c1 axis 1 exclusive reverse : tensor<3x4xf32>
  %p32 = tensor.cast %r31 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}5,   2,   -1,   0],
  // CHECK-NEXT: [nan,   nan,   -2,   0],
  // CHECK-NEXT: [-3,   -3,   -1.5,   0]]
  call @printMemrefF32(%p32) : (tensor<*xf32>) -> ()
  %r33 = loom.cumsum %c2 axis 0 exclusive reverse : tensor<3x4xi32>
  %p34 = tensor.cast %r33 : tensor<3x4xi32> to tensor<*xi32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}3,   -6,   4,   0],
  // CHECK-NEXT: [1,   -3,   5,   0],
  // CHECK-NEXT: [0,   0,   0,   0]]
  call @printMemrefI32(%p34) : (tensor<*xi32>) -> ()
  %c35 = loom.constant dense<[[0.5, -1.0, 1.0, -1.75, -1.5, -1.25], [0.75, -1.75, 2.0, -0.5, -1.75, -1.5]]> : tensor<2x6xf16>
  %r36 = loom.cumsum %c35 axis 1 reverse : tensor<2x6xf16>
  %w37 = loom.cast %r36 : tensor<2x6xf16> to tensor<2x6xf32>
  %p38 = tensor.cast %w37 : tensor<2x6xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 6]
  // CHECK-NEXT: {{\[\[}}-4,   -4.5,   -3.5,   -4.5,   -2.75,   -1.25],
  // CHECK-NEXT: [-2.75,   -3.5,   -1.75,   -3.75,   -3.25,   -1.5]]
  call @printMemrefF32(%p38) : (tensor<*xf32>) -> ()
  %v39, %i40 = loom.topk %c1 axis 1 k 3 : (tensor<3x4xf32>) -> (tensor<3x3xf32>, tensor<3x3xi64>)
  %p41 = tensor.cast %v39 : tensor<3x3xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 3]
  // CHECK-NEXT: {{\[\[}}3,   3,   1],
  // CHECK-NEXT: [nan,   nan,   2],
  // CHECK-NEXT: [-0,   0,   -1.5]]
  call @printMemrefF32(%p41) : (tensor<*xf32>) -> ()
  %p42 = tensor.cast %i40 : tensor<3x3xi64> to tensor<*xi64>
  // CHECK: sizes = [3, 3]
  // CHECK-NEXT: {{\[\[}}1,   2,   0],
  // CHECK-NEXT: [0,   2,   1],
  // CHECK-NEXT: [0,   1,   2]]
  call @printMemrefI64(%p42) : (tensor<*xi64>) -> ()
  %v43, %i44 = loom.topk %c1 axis 1 k 4 largest = false : (tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  %p45 = tensor.cast %v43 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}-1,   1,   3,   3],
  // CHECK-NEXT: [-2,   2,   nan,   nan],
  // CHECK-NEXT: [-1.5,   -1.5,   -0,   0]]
  call @printMemrefF32(%p45) : (tensor<*xf32>) -> ()
  %p46 = tensor.cast %i44 : tensor<3x4xi64> to tensor<*xi64>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}3,   0,   1,   2],
  // CHECK-NEXT: [3,   1,   0,   2],
  // CHECK-NEXT: [2,   3,   0,   1]]
  call @printMemrefI64(%p46) : (tensor<*xi64>) -> ()
  %v47, %i48 = loom.topk %c2 axis 0 k 2 sorted = false : (tensor<3x4xi32>) -> (tensor<2x4xi32>, tensor<2x4xi64>)
  %p49 = tensor.cast %v47 : tensor<2x4xi32> to tensor<*xi32>
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: {{\[\[}}2,   2,   5,   0],
  // CHECK-NEXT: [2,   -3,   -1,   0]]
  call @printMemrefI32(%p49) : (tensor<*xi32>) -> ()
  %p50 = tensor.cast %i48 : tensor<2x4xi64> to tensor<*xi64>
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: {{\[\[}}0,   0,   2,   0],
  // CHECK-NEXT: [1,   1,   0,   1]]
  call @printMemrefI64(%p50) : (tensor<*xi64>) -> ()
  %c51 = loom.constant dense<[[1.25, 1.25, -1.5, -0.25, -1.5], [1.25, -1.75, -1.25, -0.25, -1.75], [1.0, -1.75, -0.25, -1.75, -1.0]]> : tensor<3x5xf16>
  %r52 = loom.reduce_sum %c51 axes [1] : (tensor<3x5xf16>) -> tensor<3xf16>
  %w53 = loom.cast %r52 : tensor<3xf16> to tensor<3xf32>
  %p54 = tensor.cast %w53 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-0.75,  -3.75,  -3.75]
  call @printMemrefF32(%p54) : (tensor<*xf32>) -> ()
  %r55 = loom.reduce_mean %c51 axes [1] : (tensor<3x5xf16>) -> tensor<3xf16>
  %w56 = loom.cast %r55 : tensor<3xf16> to tensor<3xf32>
  %p57 = tensor.cast %w56 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-0.150024,  -0.75,  -0.75]
  call @printMemrefF32(%p57) : (tensor<*xf32>) -> ()
  %r58 = loom.reduce_max %c51 axes [1] : (tensor<3x5xf16>) -> tensor<3xf16>
  %w59 = loom.cast %r58 : tensor<3xf16> to tensor<3xf32>
  %p60 = tensor.cast %w59 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [1.25,  1.25,  1]
  call @printMemrefF32(%p60) : (tensor<*xf32>) -> ()
  %r61 = loom.reduce_min %c51 axes [1] : (tensor<3x5xf16>) -> tensor<3xf16>
  %w62 = loom.cast %r61 : tensor<3xf16> to tensor<3xf32>
  %p63 = tensor.cast %w62 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-1.5,  -1.75,  -1.75]
  call @printMemrefF32(%p63) : (tensor<*xf32>) -> ()
  %r64 = loom.reduce_prod %c51 axes [1] : (tensor<3x5xf16>) -> tensor<3xf16>
  %w65 = loom.cast %r64 : tensor<3xf16> to tensor<3xf32>
  %p66 = tensor.cast %w65 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-0.878906,  1.19629,  0.765625]
  call @printMemrefF32(%p66) : (tensor<*xf32>) -> ()
  %r67 = loom.reduce_sum %c51 axes [0, 1] keepdims : (tensor<3x5xf16>) -> tensor<1x1xf16>
  %w68 = loom.cast %r67 : tensor<1x1xf16> to tensor<1x1xf32>
  %p69 = tensor.cast %w68 : tensor<1x1xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 1]
  // CHECK-NEXT: {{\[\[}}-8.25]]
  call @printMemrefF32(%p69) : (tensor<*xf32>) -> ()
  %c70 = loom.constant dense<[[0.25, 1.25, -1.0, -1.25, 0.25], [-0.75, -1.25, -0.5, 0.75, -1.25], [-1.5, -1.75, -0.5, 1.75, 1.25]]> : tensor<3x5xbf16>
  %r71 = loom.reduce_sum %c70 axes [1] : (tensor<3x5xbf16>) -> tensor<3xbf16>
  %w72 = loom.cast %r71 : tensor<3xbf16> to tensor<3xf32>
  %p73 = tensor.cast %w72 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-0.5,  -3,  -0.75]
  call @printMemrefF32(%p73) : (tensor<*xf32>) -> ()
  %r74 = loom.reduce_mean %c70 axes [1] : (tensor<3x5xbf16>) -> tensor<3xbf16>
  %w75 = loom.cast %r74 : tensor<3xbf16> to tensor<3xf32>
  %p76 = tensor.cast %w75 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-0.100098,  -0.601562,  -0.150391]
  call @printMemrefF32(%p76) : (tensor<*xf32>) -> ()
  %r77 = loom.reduce_max %c70 axes [1] : (tensor<3x5xbf16>) -> tensor<3xbf16>
  %w78 = loom.cast %r77 : tensor<3xbf16> to tensor<3xf32>
  %p79 = tensor.cast %w78 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [1.25,  0.75,  1.75]
  call @printMemrefF32(%p79) : (tensor<*xf32>) -> ()
  %r80 = loom.reduce_min %c70 axes [1] : (tensor<3x5xbf16>) -> tensor<3xbf16>
  %w81 = loom.cast %r80 : tensor<3xbf16> to tensor<3xf32>
  %p82 = tensor.cast %w81 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-1.25,  -1.25,  -1.75]
  call @printMemrefF32(%p82) : (tensor<*xf32>) -> ()
  %r83 = loom.reduce_prod %c70 axes [1] : (tensor<3x5xbf16>) -> tensor<3xbf16>
  %w84 = loom.cast %r83 : tensor<3xbf16> to tensor<3xf32>
  %p85 = tensor.cast %w84 : tensor<3xf32> to tensor<*xf32>
  // CHECK: sizes = [3]
  // CHECK-NEXT: [0.0976562,  0.439453,  -2.875]
  call @printMemrefF32(%p85) : (tensor<*xf32>) -> ()
  %r86 = loom.reduce_sum %c70 axes [0, 1] keepdims : (tensor<3x5xbf16>) -> tensor<1x1xbf16>
  %w87 = loom.cast %r86 : tensor<1x1xbf16> to tensor<1x1xf32>
  %p88 = tensor.cast %w87 : tensor<1x1xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 1]
  // CHECK-NEXT: {{\[\[}}-4.25]]
  call @printMemrefF32(%p88) : (tensor<*xf32>) -> ()
  return
}
