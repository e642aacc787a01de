// RUN: loom-opt %s -split-input-file -loom-cpu-pack-conv-filters \
// RUN:   -mlir-print-elementsattrs-with-hex-if-larger=4096 | FileCheck %s

// A 3x3 convolution's constant filter [40, 8, 3, 3] becomes 2 panels of 32
// filters [2, 72, 32], the last padded with zeros; the kernel restores [64,
// 8, 3, 3] and slices the 40 filters back.
// CHECK-LABEL: func.func @main
// CHECK: %[[P:.*]] = loom.constant dense<{{.*}}> : tensor<2x72x32xf32>
// CHECK-NOT: tensor<40x8x3x3xf32>
// CHECK: call @main_kernel_0(%{{.*}}, %[[P]]) : (tensor<1x8x16x16xf32>, tensor<2x72x32xf32>)
// CHECK-LABEL: func.func private @main_kernel_0
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x16x16xf32>, %[[W:.*]]: tensor<2x72x32xf32>)
// CHECK-NEXT: %[[T:.*]] = loom.transpose %[[W]] permutation [0, 2, 1] : (tensor<2x72x32xf32>) -> tensor<2x32x72xf32>
// CHECK-NEXT: %[[R:.*]] = loom.reshape %[[T]] : tensor<2x32x72xf32> to tensor<64x8x3x3xf32>
// CHECK-NEXT: %[[S:.*]] = loom.slice %[[R]] offsets [0, 0, 0, 0] steps [1, 1, 1, 1] : tensor<64x8x3x3xf32> to tensor<40x8x3x3xf32>
// CHECK-NEXT: loom.conv %[[X]], %[[S]]
func.func @main(%x: tensor<1x8x16x16xf32>) -> tensor<1x40x16x16xf32> {
  %w = loom.constant dense<0.5> : tensor<40x8x3x3xf32>
  %0 = call @main_kernel_0(%x, %w) : (tensor<1x8x16x16xf32>, tensor<40x8x3x3xf32>) -> tensor<1x40x16x16xf32>
  return %0 : tensor<1x40x16x16xf32>
}
func.func private @main_kernel_0(%x: tensor<1x8x16x16xf32>, %w: tensor<40x8x3x3xf32>) -> tensor<1x40x16x16xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x8x16x16xf32>, tensor<40x8x3x3xf32>) -> tensor<1x40x16x16xf32>
  return %0 : tensor<1x40x16x16xf32>
}

// -----

// The element order: panel q, tap k = (c * KH + i) * KW + j, lane l holds
// w[32 q + l][c][i][j]. Here w[f][c][0][j] = 4 f + 2 c + j: the taps of
// filter 0 are 0, 1, 2, 3 and of filter 1 4, 5, 6, 7, down the first two
// lanes of the one panel.
// CHECK-LABEL: func.func @main
// CHECK: loom.constant dense<{{\[\[}}[0.000000e+00, 4.000000e+00, 0.000000e+00, {{.*}}], [1.000000e+00, 5.000000e+00, 0.000000e+00, {{.*}}], [2.000000e+00, 6.000000e+00, 0.000000e+00, {{.*}}], [3.000000e+00, 7.000000e+00, 0.000000e+00, {{.*}}]]]> : tensor<1x4x32xf32>
func.func @main(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x5x4xf32> {
  %w = loom.constant dense<[[[[0.0, 1.0]], [[2.0, 3.0]]], [[[4.0, 5.0]], [[6.0, 7.0]]]]> : tensor<2x2x1x2xf32>
  %0 = call @main_kernel_0(%x, %w) : (tensor<1x2x5x5xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x5x4xf32>
  return %0 : tensor<1x2x5x4xf32>
}
func.func private @main_kernel_0(%x: tensor<1x2x5x5xf32>, %w: tensor<2x2x1x2xf32>) -> tensor<1x2x5x4xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x5x5xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x5x4xf32>
  return %0 : tensor<1x2x5x4xf32>
}

// -----

// Whole panels need no slice; a constant that two kernels read is packed
// once, and the unpacked one stays for the add that reads it too.
// CHECK-LABEL: func.func @main
// CHECK-DAG: %[[W:.*]] = loom.constant dense<2.500000e-01> : tensor<64x4x3x3xf32>
// CHECK-DAG: %[[P:.*]] = loom.constant dense<2.500000e-01> : tensor<2x36x32xf32>
// CHECK: call @main_kernel_0(%{{.*}}, %[[P]])
// CHECK: call @main_kernel_0(%{{.*}}, %[[P]])
// CHECK: loom.add %[[W]], %[[W]]
// CHECK-LABEL: func.func private @main_kernel_0
// CHECK-NEXT: loom.transpose
// CHECK-NEXT: %[[R:.*]] = loom.reshape %{{.*}} : tensor<2x32x36xf32> to tensor<64x4x3x3xf32>
// CHECK-NEXT: loom.conv %{{.*}}, %[[R]]
func.func @main(%x: tensor<1x4x8x8xf32>, %y: tensor<1x4x8x8xf32>) -> (tensor<1x64x8x8xf32>, tensor<1x64x8x8xf32>, tensor<64x4x3x3xf32>) {
  %w = loom.constant dense<0.25> : tensor<64x4x3x3xf32>
  %0 = call @main_kernel_0(%x, %w) : (tensor<1x4x8x8xf32>, tensor<64x4x3x3xf32>) -> tensor<1x64x8x8xf32>
  %1 = call @main_kernel_0(%y, %w) : (tensor<1x4x8x8xf32>, tensor<64x4x3x3xf32>) -> tensor<1x64x8x8xf32>
  %2 = loom.add %w, %w : (tensor<64x4x3x3xf32>, tensor<64x4x3x3xf32>) -> tensor<64x4x3x3xf32>
  return %0, %1, %2 : tensor<1x64x8x8xf32>, tensor<1x64x8x8xf32>, tensor<64x4x3x3xf32>
}
func.func private @main_kernel_0(%x: tensor<1x4x8x8xf32>, %w: tensor<64x4x3x3xf32>) -> tensor<1x64x8x8xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<64x4x3x3xf32>) -> tensor<1x64x8x8xf32>
  return %0 : tensor<1x64x8x8xf32>
}

// -----

// A 1x1 convolution into at most 14 x 14 outputs (here a strided one into
// 7 x 7): its filter [64, 16, 1, 1] becomes 2 panels of 16 taps.
// CHECK-LABEL: func.func @main
// CHECK: %[[P:.*]] = loom.constant dense<{{.*}}> : tensor<2x16x32xf32>
// CHECK-LABEL: func.func private @main_kernel_0
// CHECK-NEXT: loom.transpose %{{.*}} permutation [0, 2, 1] : (tensor<2x16x32xf32>) -> tensor<2x32x16xf32>
// CHECK-NEXT: loom.reshape %{{.*}} : tensor<2x32x16xf32> to tensor<64x16x1x1xf32>
func.func @main(%x: tensor<1x16x14x14xf32>) -> tensor<1x64x7x7xf32> {
  %w = loom.constant dense<0.5> : tensor<64x16x1x1xf32>
  %0 = call @main_kernel_0(%x, %w) : (tensor<1x16x14x14xf32>, tensor<64x16x1x1xf32>) -> tensor<1x64x7x7xf32>
  return %0 : tensor<1x64x7x7xf32>
}
func.func private @main_kernel_0(%x: tensor<1x16x14x14xf32>, %w: tensor<64x16x1x1xf32>) -> tensor<1x64x7x7xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x16x14x14xf32>, tensor<64x16x1x1xf32>) -> tensor<1x64x7x7xf32>
  return %0 : tensor<1x64x7x7xf32>
}

// -----

// Left alone: a 1x1 convolution of more than 14 x 14 outputs (the matmul
// of its input is faster there), a grouped one, a dilated one, a filter
// that is no constant, a filter the kernel also reads elsewhere, and a
// kernel with two contractions.
// CHECK-LABEL: func.func @main
// CHECK-NOT: tensor<{{[0-9]+}}x{{[0-9]+}}x32xf32>
// CHECK-NOT: loom.transpose
func.func @main(%x: tensor<1x4x8x8xf32>, %v: tensor<8x4x3x3xf32>, %big: tensor<1x4x15x15xf32>) -> (tensor<1x8x15x15xf32>, tensor<1x8x8x8xf32>, tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) {
  %w1 = loom.constant dense<0.5> : tensor<8x4x1x1xf32>
  %wg = loom.constant dense<0.5> : tensor<8x2x3x3xf32>
  %w = loom.constant dense<0.5> : tensor<8x4x3x3xf32>
  %0 = call @one_by_one(%big, %w1) : (tensor<1x4x15x15xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x15x15xf32>
  %1 = call @grouped(%x, %wg) : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x8x8xf32>
  %2 = call @dilated(%x, %w) : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x4x4xf32>
  %3 = call @argument(%x, %v) : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %4 = call @also_read(%x, %w) : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %5 = call @two_convs(%x, %w) : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<1x8x15x15xf32>, tensor<1x8x8x8xf32>, tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>
}
func.func private @one_by_one(%x: tensor<1x4x15x15xf32>, %w: tensor<8x4x1x1xf32>) -> tensor<1x8x15x15xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x4x15x15xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x15x15xf32>
  return %0 : tensor<1x8x15x15xf32>
}
func.func private @grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x8x8xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 2 : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}
func.func private @dilated(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x4x4xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [2, 2] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}
func.func private @argument(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}
func.func private @also_read(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %1 = loom.reduce_sum %w axes [1, 2, 3] : (tensor<8x4x3x3xf32>) -> tensor<8xf32>
  %2 = loom.reshape %1 : tensor<8xf32> to tensor<1x8x1x1xf32>
  %3 = loom.add %0, %2 : (tensor<1x8x8x8xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  return %3 : tensor<1x8x8x8xf32>
}
func.func private @two_convs(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %1 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %2 = loom.add %0, %1 : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %2 : tensor<1x8x8x8xf32>
}
