// RUN: loom-opt %s -loom-lower-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:     --convert-linalg-to-loops --expand-strided-metadata --lower-affine \
// RUN:     --convert-scf-to-cf --convert-math-to-llvm --convert-arith-to-llvm \
// RUN:     --convert-cf-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm \
// RUN:     --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so \
// RUN: | FileCheck %s

// Runs softmax, log_softmax and layer_norm through upstream MLIR's CPU path
// and checks them against numbers from the reference evaluator (the same
// module after loom-fold-constants). Cases: each along an inner and an
// outer axis, a NaN in a softmax slice, layer_norm over one and two
// dimensions with broadcast scale and bias, and f16/bf16/f64.

// The printers only read their argument, so constants need no copy.
func.func private @printMemrefF32(tensor<*xf32> {bufferization.access = "read"})
func.func private @printMemrefI32(tensor<*xi32> {bufferization.access = "read"})
func.func private @printMemrefI64(tensor<*xi64> {bufferization.access = "read"})

func.func @main() {
  %c1 = loom.constant dense<[[0.5, -1.0, 1.0, -1.75], [-1.5, -1.25, 0.75, -1.75], [2.0, -0.5, -1.75, -1.5]]> : tensor<3x4xf32>
  %r2 = loom.softmax %c1 axis 1 : tensor<3x4xf32>
  %p3 = tensor.cast %r2 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}0.33588,   0.074945,   0.553773,   0.0354015],
  // CHECK-NEXT: [0.0796777,   0.102308,   0.755961,   0.0620531],
  // CHECK-NEXT: [0.880437,   0.0722706,   0.0207059,   0.0265869]]
  call @printMemrefF32(%p3) : (tensor<*xf32>) -> ()
  %r4 = loom.softmax %c1 axis 0 : tensor<3x4xf32>
  %p5 = tensor.cast %r4 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}0.17803,   0.291756,   0.542674,   0.304504],
  // CHECK-NEXT: [0.0240938,   0.22722,   0.422635,   0.304504],
  // CHECK-NEXT: [0.797876,   0.481024,   0.034692,   0.390991]]
  call @printMemrefF32(%p5) : (tensor<*xf32>) -> ()
  %r6 = loom.log_softmax %c1 axis 1 : tensor<3x4xf32>
  %p7 = tensor.cast %r6 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}-1.091,   -2.591,   -0.591,   -3.341],
  // CHECK-NEXT: [-2.52977,   -2.27977,   -0.279765,   -2.77977],
  // CHECK-NEXT: [-0.127337,   -2.62734,   -3.87734,   -3.62734]]
  call @printMemrefF32(%p7) : (tensor<*xf32>) -> ()
  %r8 = loom.log_softmax %c1 axis 0 : tensor<3x4xf32>
  %p9 = tensor.cast %r8 : tensor<3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [3, 4]
  // CHECK-NEXT: {{\[\[}}-1.7258,   -1.23184,   -0.611247,   -1.18907],
  // CHECK-NEXT: [-3.7258,   -1.48184,   -0.861247,   -1.18907],
  // CHECK-NEXT: [-0.225802,   -0.731838,   -3.36125,   -0.93907]]
  call @printMemrefF32(%p9) : (tensor<*xf32>) -> ()
  %c10 = loom.constant dense<[[1.25, 0x7FC00000, 1.25], [-1.5, -0.25, -1.5]]> : tensor<2x3xf32>
  %r11 = loom.softmax %c10 axis 1 : tensor<2x3xf32>
  %p12 = tensor.cast %r11 : tensor<2x3xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}nan,   nan,   nan],
  // CHECK-NEXT: [0.182138,   0.635724,   0.182138]]
  call @printMemrefF32(%p12) : (tensor<*xf32>) -> ()
  %c13 = loom.constant dense<[[[1.25, -1.75, -1.25, -0.25], [-1.75, 1.0, -1.75, -0.25], [-1.75, -1.0, 0.25, 1.25]], [[-1.0, -1.25, 0.25, -0.75], [-1.25, -0.5, 0.75, -1.25], [-1.5, -1.75, -0.5, 1.75]]]> : tensor<2x3x4xf32>
  %c14 = loom.constant dense<[1.25, 0.5, 1.5, 1.5]> : tensor<4xf32>
  %c15 = loom.constant dense<[[0.75, 0.25, -0.25, -0.75], [-0.25, -1.5, 0.25, 2.0], [1.75, 0.5, 1.5, 0.25]]> : tensor<3x4xf32>
  %c16 = loom.constant dense<[-1.5]> : tensor<1xf32>
  %r17 = loom.layer_norm %c13, %c14, %c16 axis 2 : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
  %p18 = tensor.cast %r17 : tensor<2x3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 3, 4]
  // CHECK-NEXT: {{\[\[}}[0.409399,    -2.04554,    -2.48198,    -1.17267],
  // CHECK-NEXT: [-2.65414,    -0.766783,    -2.88496,    -0.92972],
  // CHECK-NEXT: [-3.06148,    -1.79872,    -0.766783,    0.536713]],
  // CHECK-NEXT: {{\[\[}}-2.18602,    -1.99393,    0.969657,    -1.66464],
  // CHECK-NEXT: [-2.55148,    -1.46176,    0.908847,    -2.76178],
  // CHECK-NEXT: [-2.40535,    -1.95268,    -1.5,    0.944459]]]
  call @printMemrefF32(%p18) : (tensor<*xf32>) -> ()
  %r19 = loom.layer_norm %c13, %c14, %c15 axis 1 epsilon 0.5 : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  %p20 = tensor.cast %r19 : tensor<2x3x4xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 3, 4]
  // CHECK-NEXT: {{\[\[}}[2.36101,    -0.210287,    -1.07852,    -0.473828],
  // CHECK-NEXT: [-1.40072,    -0.947655,    -1.13086,    2.27617],
  // CHECK-NEXT: [0.599282,    0.315885,    2.32852,    2.18321]],
  // CHECK-NEXT: {{\[\[}}0.320748,    -0.0247211,    0.780204,    -0.956041],
  // CHECK-NEXT: [-0.936803,    -1.46566,    1.89833,    1.17584],
  // CHECK-NEXT: [0.805646,    0.019238,    1.60302,    3.13457]]]
  call @printMemrefF32(%p20) : (tensor<*xf32>) -> ()
  %c21 = loom.constant dense<[[-1.25, 2.0, 1.25, -0.75, 0.5], [-1.0, 1.75, 1.25, -1.75, -1.5]]> : tensor<2x5xf16>
  %c22 = loom.constant dense<[0.5, 0.5, 0.75, 1.75, 1.5]> : tensor<5xf16>
  %c23 = loom.constant dense<[-1.5, -1.5, 0.0, 1.75, -1.5]> : tensor<5xf16>
  %r24 = loom.softmax %c21 axis 1 : tensor<2x5xf16>
  %w25 = loom.cast %r24 : tensor<2x5xf16> to tensor<2x5xf32>
  %p26 = tensor.cast %w25 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}0.0215607,   0.556152,   0.262695,   0.035553,   0.124084],
  // CHECK-NEXT: [0.0367432,   0.574707,   0.348633,   0.0173645,   0.0222931]]
  call @printMemrefF32(%p26) : (tensor<*xf32>) -> ()
  %r27 = loom.log_softmax %c21 axis 0 : tensor<2x5xf16>
  %w28 = loom.cast %r27 : tensor<2x5xf16> to tensor<2x5xf32>
  %p29 = tensor.cast %w28 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}-0.826172,   -0.576172,   -0.693359,   -0.313232,   -0.126953],
  // CHECK-NEXT: [-0.576172,   -0.826172,   -0.693359,   -1.31348,   -2.12695]]
  call @printMemrefF32(%p29) : (tensor<*xf32>) -> ()
  %r30 = loom.layer_norm %c21, %c22, %c23 axis 1 : (tensor<2x5xf16>, tensor<5xf16>, tensor<5xf16>) -> tensor<2x5xf16>
  %w31 = loom.cast %r30 : tensor<2x5xf16> to tensor<2x5xf32>
  %p32 = tensor.cast %w31 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}-2.16016,   -0.818359,   0.557617,   0.159546,   -1.31445],
  // CHECK-NEXT: [-1.75684,   -0.813965,   0.771973,   -0.0507202,   -2.78711]]
  call @printMemrefF32(%p32) : (tensor<*xf32>) -> ()
  %c33 = loom.constant dense<[[-1.75, 0.25, 1.5, 0.25, 1.0], [0.75, -2.0, 1.5, 0.75, -0.75]]> : tensor<2x5xbf16>
  %c34 = loom.constant dense<[-1.25, 1.75, -1.75, -0.5, 0.25]> : tensor<5xbf16>
  %c35 = loom.constant dense<[-1.0, -0.25, 1.0, 1.0, 1.75]> : tensor<5xbf16>
  %r36 = loom.softmax %c33 axis 1 : tensor<2x5xbf16>
  %w37 = loom.cast %r36 : tensor<2x5xbf16> to tensor<2x5xf32>
  %p38 = tensor.cast %w37 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}0.0174561,   0.128906,   0.451172,   0.128906,   0.273438],
  // CHECK-NEXT: [0.227539,   0.0145264,   0.480469,   0.227539,   0.0507812]]
  call @printMemrefF32(%p38) : (tensor<*xf32>) -> ()
  %r39 = loom.log_softmax %c33 axis 0 : tensor<2x5xbf16>
  %w40 = loom.cast %r39 : tensor<2x5xbf16> to tensor<2x5xf32>
  %p41 = tensor.cast %w40 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}-2.57812,   -0.100098,   -0.691406,   -0.972656,   -0.160156],
  // CHECK-NEXT: [-0.0791016,   -2.34375,   -0.691406,   -0.474609,   -1.91406]]
  call @printMemrefF32(%p41) : (tensor<*xf32>) -> ()
  %r42 = loom.layer_norm %c33, %c34, %c35 axis 1 : (tensor<2x5xbf16>, tensor<5xbf16>, tensor<5xbf16>) -> tensor<2x5xbf16>
  %w43 = loom.cast %r42 : tensor<2x5xbf16> to tensor<2x5xf32>
  %p44 = tensor.cast %w43 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}1.25781,   -0.25,   -0.976562,   1,   1.92188],
  // CHECK-NEXT: [-1.69531,   -3.09375,   -1.01562,   0.722656,   1.59375]]
  call @printMemrefF32(%p44) : (tensor<*xf32>) -> ()
  %c45 = loom.constant dense<[[-1.5, -0.75, 1.5, 1.0, 0.0], [-1.0, 1.25, 0.0, 1.25, 0.75]]> : tensor<2x5xf64>
  %c46 = loom.constant dense<[1.0, -0.25, -1.0, -1.5, -0.75]> : tensor<5xf64>
  %c47 = loom.constant dense<[-1.0, -0.25, -0.25, -2.0, 1.75]> : tensor<5xf64>
  %r48 = loom.softmax %c45 axis 1 : tensor<2x5xf64>
  %w49 = loom.cast %r48 : tensor<2x5xf64> to tensor<2x5xf32>
  %p50 = tensor.cast %w49 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}0.0250836,   0.0531019,   0.503817,   0.305581,   0.112417],
  // CHECK-NEXT: [0.0351514,   0.333507,   0.0955515,   0.333507,   0.202282]]
  call @printMemrefF32(%p50) : (tensor<*xf32>) -> ()
  %r51 = loom.log_softmax %c45 axis 0 : tensor<2x5xf64>
  %w52 = loom.cast %r51 : tensor<2x5xf64> to tensor<2x5xf32>
  %p53 = tensor.cast %w52 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}-0.974077,   -2.12693,   -0.201413,   -0.825939,   -1.13687],
  // CHECK-NEXT: [-0.474077,   -0.126928,   -1.70141,   -0.575939,   -0.386871]]
  call @printMemrefF32(%p53) : (tensor<*xf32>) -> ()
  %r54 = loom.layer_norm %c45, %c46, %c47 axis 1 : (tensor<2x5xf64>, tensor<5xf64>, tensor<5xf64>) -> tensor<2x5xf64>
  %w55 = loom.cast %r54 : tensor<2x5xf64> to tensor<2x5xf32>
  %p56 = tensor.cast %w55 : tensor<2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 5]
  // CHECK-NEXT: {{\[\[}}-2.40909,   -0.0681826,   -1.56818,   -3.29545,   1.78409],
  // CHECK-NEXT: [-2.6913,   -0.483283,   0.274887,   -3.3997,   1.48756]]
  call @printMemrefF32(%p56) : (tensor<*xf32>) -> ()
  return
}
