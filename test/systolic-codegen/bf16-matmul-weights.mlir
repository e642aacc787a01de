// loom-systolic-bf16-matmul-weights: the f32 constant weights (B) of a
// matmul kernel become a bf16 constant, rounded to nearest even; the kernel
// takes the bf16 argument and widens it with a loom.cast for the matmul.
// RUN: split-file %s %t
// RUN: loomc %t/round.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=ROUND
// RUN: loomc %t/batched.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=BATCHED
// RUN: loomc %t/shared.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=SHARED
// RUN: loomc %t/odd.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=ODD
// RUN: loomc %t/runtime.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=RUNTIME

//--- round.mlir
// 1 + 2^-8 is halfway between 1 and 1 + 2^-7: to the even 1. 1 + 3 * 2^-8
// is halfway between 1 + 2^-7 and 1 + 2^-6: to the even 1 + 2^-6
// (1.015625). Subnormals and large values keep their bf16 neighbours.
// ROUND-LABEL: func.func @main
// ROUND:       %[[W:.*]] = loom.constant dense<{{\[\[}}1.000000e+00, 1.000000e+00], [1.015630e+00, -3.004060e+38], [1.000980e-01, 2.000000e+00], [3.000000e+00, 9.183550e-41]]> : tensor<4x2xbf16>
// ROUND-NEXT:  call @main_kernel_0(%arg0, %[[W]]) : (tensor<2x4xf32>, tensor<4x2xbf16>) -> tensor<2x2xf32>
// ROUND:       func.func private @main_kernel_0(%[[X:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<4x2xbf16>)
// ROUND-NEXT:  %[[F:.*]] = loom.cast %[[B]] : tensor<4x2xbf16> to tensor<4x2xf32>
// ROUND-NEXT:  loom.matmul %[[X]], %[[F]] : (tensor<2x4xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = loom.constant dense<[[1.0, 1.00390625], [1.01171875, -3.0e38], [0.1, 2.0], [3.0, 1.0e-40]]> : tensor<4x2xf32>
  %0 = loom.matmul %x, %w : (tensor<2x4xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

//--- batched.mlir
// A batched matmul with weights broadcast over the batch, and an epilogue:
// only the weights change.
// BATCHED:      func.func private @main_kernel_0(%[[X:.*]]: tensor<3x2x4xf32>, %[[B:.*]]: tensor<4x2xbf16>, %[[BIAS:.*]]: tensor<2xf32>)
// BATCHED-NEXT: %[[F:.*]] = loom.cast %[[B]] : tensor<4x2xbf16> to tensor<4x2xf32>
// BATCHED-NEXT: %[[MM:.*]] = loom.matmul %[[X]], %[[F]]
// BATCHED-NEXT: loom.add %[[MM]], %[[BIAS]]
func.func @main(%x: tensor<3x2x4xf32>, %b: tensor<2xf32>) -> tensor<3x2x2xf32> {
  %w = loom.constant dense<[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]]> : tensor<4x2xf32>
  %mm = loom.matmul %x, %w : (tensor<3x2x4xf32>, tensor<4x2xf32>) -> tensor<3x2x2xf32>
  %0 = loom.add %mm, %b : (tensor<3x2x2xf32>, tensor<2xf32>) -> tensor<3x2x2xf32>
  return %0 : tensor<3x2x2xf32>
}

//--- shared.mlir
// Two kernels reading one constant read one bf16 constant.
// SHARED-LABEL: func.func @main
// SHARED-NEXT:  %[[W:.*]] = loom.constant {{.*}} : tensor<4x2xbf16>
// SHARED-NOT:   loom.constant
// SHARED:       call @main_kernel_0(%arg0, %[[W]])
// SHARED-NEXT:  call @main_kernel_1(%arg1, %[[W]])
func.func @main(%x: tensor<2x4xf32>, %y: tensor<2x4xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = loom.constant dense<[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]]> : tensor<4x2xf32>
  %0 = loom.matmul %x, %w : (tensor<2x4xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  %1 = loom.matmul %y, %w : (tensor<2x4xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x2xf32>
}

//--- odd.mlir
// N odd: bf16 rows of 6 bytes would break the 4-byte DMA alignment, so
// the weights stay f32.
// ODD-NOT:   bf16
// ODD-NOT:   loom.cast
// ODD:       loom.constant {{.*}} : tensor<4x3xf32>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = loom.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<4x3xf32>
  %0 = loom.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//--- runtime.mlir
// Weights computed at run time stay f32.
// RUNTIME-NOT: bf16
// RUNTIME-NOT: loom.cast
// RUNTIME:     loom.matmul
func.func @main(%x: tensor<2x4xf32>, %w: tensor<4x2xf32>) -> tensor<2x2xf32> {
  %0 = loom.matmul %x, %w : (tensor<2x4xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
