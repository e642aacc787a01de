// RUN: loom-opt %s -loom-lower-to-linalg -o %t.linalg.mlir
// RUN: mlir-opt %t.linalg.mlir --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:     --convert-linalg-to-loops --expand-strided-metadata --lower-affine \
// RUN:     --convert-scf-to-cf --convert-math-to-llvm --convert-arith-to-llvm \
// RUN:     --convert-cf-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm \
// RUN:     --reconcile-unrealized-casts -o %t.llvm.mlir
// RUN: mlir-runner %t.llvm.mlir -e main -entry-point-result=void \
// RUN:     -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so \
// RUN: | FileCheck %s

// Runs the lowered data-movement and indexing ops through upstream MLIR's
// CPU path. The expected numbers of %r0 ... %r26 are the reference
// evaluator's (loom-opt --loom-fold-constants folds each op through it):
// broadcasts, concat with an empty input, slices with positive and negative
// steps, pads (constant with a crop, reflect, edge), iota, trilu, gathers
// with negative indices and batch dimensions, scatters with duplicates
// (the last update wins; add and min combine), scatter_nd (mul, none),
// resize (nearest, linear half_pixel/align_corners, f16 linear), and an f16
// scatter-add that must round once (two adds of 3e-4 to 1.0 give 1.00098,
// not 1). The last two results show the lowering's defined behaviour where
// the evaluator reports an error: a gather clamps an index out of range
// (5 reads row 3, -7 row 0), a scatter skips such an update.

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)

func.func @main() {
  %x = loom.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %row = loom.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %col = loom.constant dense<[[7.0], [8.0]]> : tensor<2x1xf32>
  %none = loom.constant dense<> : tensor<2x0xf32>
  %data = loom.constant dense<[[0.0, 1.0, 2.0], [10.0, 11.0, 12.0], [20.0, 21.0, 22.0], [30.0, 31.0, 32.0]]> : tensor<4x3xf32>

  %r0 = loom.broadcast_to %row : tensor<3xf32> to tensor<2x3xf32>
  %r1 = loom.expand %col dims [0, 2] : tensor<2x1xf32> to tensor<2x2x3xf32>
  %r2 = loom.concat %x, %none, %col axis 1 : (tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  %r3 = loom.slice %data offsets [1, 0] steps [2, 2] : tensor<4x3xf32> to tensor<2x2xf32>
  %r4 = loom.slice %data offsets [3, 2] steps [-2, -1] : tensor<4x3xf32> to tensor<2x3xf32>
  %r5 = loom.pad %x low [1, -1] high [0, 2] mode constant value 9.5 : (tensor<2x3xf32>) -> tensor<3x4xf32>
  %r6 = loom.pad %x low [1, 2] high [1, 2] mode reflect : (tensor<2x3xf32>) -> tensor<4x7xf32>
  %r7 = loom.pad %x low [0, 2] high [1, -1] mode edge : (tensor<2x3xf32>) -> tensor<3x4xf32>
  %r8 = loom.iota dim 1 : tensor<2x3xi32>
  %r9 = loom.iota dim 0 : tensor<2x3xf32>
  %r10 = loom.trilu %data upper diagonal 1 : tensor<4x3xf32>
  %r11 = loom.trilu %data diagonal -1 : tensor<4x3xf32>

  %gi = loom.constant dense<[[3, -4], [-1, 1]]> : tensor<2x2xi64>
  %r12 = loom.gather %data, %gi axis 0 : (tensor<4x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
  %ei = loom.constant dense<[[2, -1], [0, -3]]> : tensor<2x2xi32>
  %r13 = loom.gather_elements %data, %ei axis 1 : (tensor<4x3xf32>, tensor<2x2xi32>) -> tensor<2x2xf32>
  %ni = loom.constant dense<[[[1, -1]], [[0, 0]]]> : tensor<2x1x2xi64>
  %d3 = loom.reshape %data : tensor<4x3xf32> to tensor<2x2x3xf32>
  %r14 = loom.gather_nd %d3, %ni batch_dims 1 : (tensor<2x2x3xf32>, tensor<2x1x2xi64>) -> tensor<2x1xf32>
  %ti = loom.constant dense<[[-1], [0]]> : tensor<2x1xi64>
  %r15 = loom.gather_nd %data, %ti : (tensor<4x3xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>

  %si = loom.constant dense<[[1, 0, -1], [1, 3, 2]]> : tensor<2x3xi64>
  %su = loom.constant dense<[[100.0, 200.0, 300.0], [400.0, 500.0, 600.0]]> : tensor<2x3xf32>
  %r16 = loom.scatter %data, %si, %su axis 0 : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %dup = loom.constant dense<[[1, 1, 1], [1, 1, 1]]> : tensor<2x3xi64>
  %r17 = loom.scatter %data, %dup, %su axis 0 reduction add : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %r18 = loom.scatter %data, %dup, %su axis 0 reduction min : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %nd = loom.constant dense<[[2], [-4], [2]]> : tensor<3x1xi64>
  %nu = loom.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]> : tensor<3x3xf32>
  %r19 = loom.scatter_nd %data, %nd, %nu reduction mul : (tensor<4x3xf32>, tensor<3x1xi64>, tensor<3x3xf32>) -> tensor<4x3xf32>
  %r20 = loom.scatter_nd %data, %nd, %nu : (tensor<4x3xf32>, tensor<3x1xi64>, tensor<3x3xf32>) -> tensor<4x3xf32>

  %img = loom.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %r21 = loom.resize %img mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 2.0] : tensor<2x2xf32> to tensor<2x4xf32>
  %r22 = loom.resize %img mode linear coordinate_transform half_pixel scales [2.0, 2.0] : tensor<2x2xf32> to tensor<4x4xf32>
  %r23 = loom.resize %img mode linear coordinate_transform align_corners scales [1.5, 1.5] : tensor<2x2xf32> to tensor<3x3xf32>
  %r24 = loom.resize %img mode nearest coordinate_transform half_pixel scales [1.5, 1.5] : tensor<2x2xf32> to tensor<3x3xf32>
  %h = loom.cast %img : tensor<2x2xf32> to tensor<2x2xf16>
  %hr = loom.resize %h mode linear coordinate_transform pytorch_half_pixel scales [1.0, 1.5] : tensor<2x2xf16> to tensor<2x3xf16>
  %r25 = loom.cast %hr : tensor<2x3xf16> to tensor<2x3xf32>
  %hd = loom.constant dense<1.0> : tensor<4x3xf16>
  %hu = loom.constant dense<[[0.0003, 0.0003, 0.0003], [0.0003, 0.0003, 0.0003]]> : tensor<2x3xf16>
  %hs = loom.scatter %hd, %dup, %hu axis 0 reduction add : (tensor<4x3xf16>, tensor<2x3xi64>, tensor<2x3xf16>) -> tensor<4x3xf16>
  %r26 = loom.cast %hs : tensor<4x3xf16> to tensor<4x3xf32>

  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}1, 2, 3],
  // CHECK-NEXT: [1, 2, 3]]
  %p0 = tensor.cast %r0 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p0) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 2, 3]
  // CHECK-NEXT: {{\[\[\[}}7, 7, 7],
  // CHECK-NEXT: [7, 7, 7]],
  // CHECK-NEXT: {{\[\[}}8, 8, 8],
  // CHECK-NEXT: [8, 8, 8]]]
  %p1 = tensor.cast %r1 : tensor<2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p1) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: {{\[\[}}1, 2, 3, 7],
  // CHECK-NEXT: [4, 5, 6, 8]]
  %p2 = tensor.cast %r2 : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p2) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 2]
  // CHECK-NEXT: {{\[\[}}10, 12],
  // CHECK-NEXT: [30, 32]]
  %p3 = tensor.cast %r3 : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%p3) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}32, 31, 30],
  // CHECK-NEXT: [12, 11, 10]]
  %p4 = tensor.cast %r4 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p4) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}9.5, 9.5, 9.5, 9.5],
  // CHECK-NEXT: [2, 3, 9.5, 9.5],
  // CHECK-NEXT: [5, 6, 9.5, 9.5]]
  %p5 = tensor.cast %r5 : tensor<3x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p5) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 7]
  // CHECK-NEXT: {{\[\[}}6, 5, 4, 5, 6, 5, 4],
  // CHECK-NEXT: [3, 2, 1, 2, 3, 2, 1],
  // CHECK-NEXT: [6, 5, 4, 5, 6, 5, 4],
  // CHECK-NEXT: [3, 2, 1, 2, 3, 2, 1]]
  %p6 = tensor.cast %r6 : tensor<4x7xf32> to tensor<*xf32>
  call @printMemrefF32(%p6) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}1, 1, 1, 2],
  // CHECK-NEXT: [4, 4, 4, 5],
  // CHECK-NEXT: [4, 4, 4, 5]]
  %p7 = tensor.cast %r7 : tensor<3x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p7) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}0, 1, 2],
  // CHECK-NEXT: [0, 1, 2]]
  %p8 = tensor.cast %r8 : tensor<2x3xi32> to tensor<*xi32>
  call @printMemrefI32(%p8) : (tensor<*xi32>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}0, 0, 0],
  // CHECK-NEXT: [1, 1, 1]]
  %p9 = tensor.cast %r9 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p9) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}0, 1, 2],
  // CHECK-NEXT: [0, 0, 12],
  // CHECK-NEXT: [0, 0, 0],
  // CHECK-NEXT: [0, 0, 0]]
  %p10 = tensor.cast %r10 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p10) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}0, 0, 0],
  // CHECK-NEXT: [10, 0, 0],
  // CHECK-NEXT: [20, 21, 0],
  // CHECK-NEXT: [30, 31, 32]]
  %p11 = tensor.cast %r11 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p11) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 2, 3]
  // CHECK-NEXT: {{\[\[\[}}30, 31, 32],
  // CHECK-NEXT: [0, 1, 2]],
  // CHECK-NEXT: {{\[\[}}30, 31, 32],
  // CHECK-NEXT: [10, 11, 12]]]
  %p12 = tensor.cast %r12 : tensor<2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p12) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 2]
  // CHECK-NEXT: {{\[\[}}2, 2],
  // CHECK-NEXT: [10, 10]]
  %p13 = tensor.cast %r13 : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%p13) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 1]
  // CHECK-NEXT: {{\[\[}}12],
  // CHECK-NEXT: [20]]
  %p14 = tensor.cast %r14 : tensor<2x1xf32> to tensor<*xf32>
  call @printMemrefF32(%p14) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}30, 31, 32],
  // CHECK-NEXT: [0, 1, 2]]
  %p15 = tensor.cast %r15 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p15) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}0, 200, 2],
  // CHECK-NEXT: [400, 11, 12],
  // CHECK-NEXT: [20, 21, 600],
  // CHECK-NEXT: [30, 500, 300]]
  %p16 = tensor.cast %r16 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p16) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}0, 1, 2],
  // CHECK-NEXT: [510, 711, 912],
  // CHECK-NEXT: [20, 21, 22],
  // CHECK-NEXT: [30, 31, 32]]
  %p17 = tensor.cast %r17 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p17) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}0, 1, 2],
  // CHECK-NEXT: [10, 11, 12],
  // CHECK-NEXT: [20, 21, 22],
  // CHECK-NEXT: [30, 31, 32]]
  %p18 = tensor.cast %r18 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p18) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}0, 5, 12],
  // CHECK-NEXT: [10, 11, 12],
  // CHECK-NEXT: [140, 336, 594],
  // CHECK-NEXT: [30, 31, 32]]
  %p19 = tensor.cast %r19 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p19) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}4, 5, 6],
  // CHECK-NEXT: [10, 11, 12],
  // CHECK-NEXT: [7, 8, 9],
  // CHECK-NEXT: [30, 31, 32]]
  %p20 = tensor.cast %r20 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p20) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: {{\[\[}}1, 1, 2, 2],
  // CHECK-NEXT: [3, 3, 4, 4]]
  %p21 = tensor.cast %r21 : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p21) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 4]
  // CHECK-NEXT: {{\[\[}}1, 1.25, 1.75, 2],
  // CHECK-NEXT: [1.5, 1.75, 2.25, 2.5],
  // CHECK-NEXT: [2.5, 2.75, 3.25, 3.5],
  // CHECK-NEXT: [3, 3.25, 3.75, 4]]
  %p22 = tensor.cast %r22 : tensor<4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%p22) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 3]
  // CHECK-NEXT: {{\[\[}}1, 1.5, 2],
  // CHECK-NEXT: [2, 2.5, 3],
  // CHECK-NEXT: [3, 3.5, 4]]
  %p23 = tensor.cast %r23 : tensor<3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p23) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [3, 3]
  // CHECK-NEXT: {{\[\[}}1, 1, 2],
  // CHECK-NEXT: [1, 1, 2],
  // CHECK-NEXT: [3, 3, 4]]
  %p24 = tensor.cast %r24 : tensor<3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p24) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}1, 1.5, 2],
  // CHECK-NEXT: [3, 3.5, 4]]
  %p25 = tensor.cast %r25 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p25) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}1, 1, 1],
  // CHECK-NEXT: [1.00098, 1.00098, 1.00098],
  // CHECK-NEXT: [1, 1, 1],
  // CHECK-NEXT: [1, 1, 1]]
  %p26 = tensor.cast %r26 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%p26) : (tensor<*xf32>) -> ()

  %far = loom.constant dense<[5, -7]> : tensor<2xi64>
  %o0 = loom.gather %data, %far axis 0 : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %skip = loom.constant dense<[[9, -9, 0]]> : tensor<1x3xi64>
  %upd = loom.constant dense<[[100.0, 200.0, 300.0]]> : tensor<1x3xf32>
  %o1 = loom.scatter %data, %skip, %upd axis 0 : (tensor<4x3xf32>, tensor<1x3xi64>, tensor<1x3xf32>) -> tensor<4x3xf32>
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}30, 31, 32],
  // CHECK-NEXT: [0, 1, 2]]
  %q0 = tensor.cast %o0 : tensor<2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%q0) : (tensor<*xf32>) -> ()
  // CHECK: sizes = [4, 3]
  // CHECK-NEXT: {{\[\[}}0, 1, 300],
  // CHECK-NEXT: [10, 11, 12],
  // CHECK-NEXT: [20, 21, 22],
  // CHECK-NEXT: [30, 31, 32]]
  %q1 = tensor.cast %o1 : tensor<4x3xf32> to tensor<*xf32>
  call @printMemrefF32(%q1) : (tensor<*xf32>) -> ()
  return
}
