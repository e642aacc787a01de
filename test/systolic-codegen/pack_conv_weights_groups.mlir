// loom-systolic-pack-conv-weights on grouped, 1x1 and depthwise filters.
// RUN: loomc %s --target=systolic --emit=kernels | FileCheck %s

// Grouped filters are packed too; 1x1 filters (already tap-major) and
// depthwise filters (read per channel) are left alone.
// CHECK-LABEL: func.func @main
// (Both then stored as bf16 by loom-systolic-bf16-conv-weights, which
// runs after this pass: bf16-conv-weights.mlir.)
// CHECK-DAG: loom.constant {{.*}} : tensor<3x3x4x2xbf16>
// CHECK-DAG: loom.constant {{.*}} : tensor<4x4x1x1xbf16>
// CHECK-DAG: loom.constant {{.*}} : tensor<4x1x3x3xf32>
// CHECK: func.func private @main_kernel_0(%{{.*}}: tensor<1x4x5x5xf32>, %[[P:.*]]: tensor<3x3x4x2xbf16>)
// CHECK-NEXT: %[[F:.*]] = loom.cast %[[P]] : tensor<3x3x4x2xbf16> to tensor<3x3x4x2xf32>
// CHECK-NEXT: loom.transpose %[[F]] permutation [2, 3, 0, 1] : (tensor<3x3x4x2xf32>) -> tensor<4x2x3x3xf32>
// CHECK: func.func private @main_kernel_1(%{{.*}}: tensor<1x4x5x5xf32>, %{{.*}}: tensor<4x4x1x1xbf16>)
// CHECK-NOT: loom.transpose
// CHECK: func.func private @main_kernel_2(%{{.*}}: tensor<1x4x5x5xf32>, %{{.*}}: tensor<4x1x3x3xf32>)
// CHECK-NOT: loom.transpose
// CHECK: return
func.func @main(%x: tensor<1x4x5x5xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %g = loom.constant dense<[[[[0.5, 1.0, 1.5], [2.0, 2.5, 3.0], [3.5, 4.0, 4.5]], [[5.0, 5.5, 6.0], [6.5, 7.0, 7.5], [8.0, 8.5, 9.0]]], [[[0.5, 1.0, 1.5], [2.0, 2.5, 3.0], [3.5, 4.0, 4.5]], [[5.0, 5.5, 6.0], [6.5, 7.0, 7.5], [8.0, 8.5, 9.0]]], [[[0.5, 1.0, 1.5], [2.0, 2.5, 3.0], [3.5, 4.0, 4.5]], [[5.0, 5.5, 6.0], [6.5, 7.0, 7.5], [8.0, 8.5, 9.5]]], [[[0.5, 1.0, 1.5], [2.0, 2.5, 3.0], [3.5, 4.0, 4.5]], [[5.0, 5.5, 6.0], [6.5, 7.0, 7.5], [8.0, 8.5, 9.25]]]]> : tensor<4x2x3x3xf32>
  %p = loom.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]], [[[5.0]], [[6.0]], [[7.0]], [[8.0]]], [[[9.0]], [[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]], [[7.5]]]]> : tensor<4x4x1x1xf32>
  %d = loom.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[1.5, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[1.25, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]], [[[1.75, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<4x1x3x3xf32>
  %0 = loom.conv %x, %g strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 2 : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x5x5xf32>
  %1 = loom.conv %x, %p strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32>
  %2 = loom.conv %x, %d strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 4 : (tensor<1x4x5x5xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %0, %1, %2 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}
