// RUN: loom-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(loom-expand-integer-contractions))' | FileCheck %s

// One f32 matmul when K times the largest product fits 2^24 (64 * 128 * 128).
// CHECK-LABEL: func.func @matmul_one_slice
// CHECK: %[[A:.*]] = loom.cast %{{.*}} : tensor<4x64xi8> to tensor<4x64xf32>
// CHECK: %[[B:.*]] = loom.cast %{{.*}} : tensor<64x8xi8> to tensor<64x8xf32>
// CHECK: %[[P:.*]] = loom.matmul %[[A]], %[[B]] : (tensor<4x64xf32>, tensor<64x8xf32>) -> tensor<4x8xf32>
// CHECK: %[[R:.*]] = loom.cast %[[P]] : tensor<4x8xf32> to tensor<4x8xi32>
// CHECK: return %[[R]]
// CHECK-NOT: loom.matmul_integer
func.func @matmul_one_slice(%a: tensor<4x64xi8>, %b: tensor<64x8xi8>) -> tensor<4x8xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<4x64xi8>, tensor<64x8xi8>) -> tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}

// -----

// ui8 x ui8: at most 2^24 / (255 * 255) = 258 terms a slice, so K = 300
// is [0, 258) and [258, 300), added in i32.
// CHECK-LABEL: func.func @matmul_two_slices
// CHECK: %[[A:.*]] = loom.cast %{{.*}} : tensor<2x4x300xui8> to tensor<2x4x300xf32>
// CHECK: %[[B:.*]] = loom.cast %{{.*}} : tensor<300x8xui8> to tensor<300x8xf32>
// CHECK: %[[A0:.*]] = loom.slice %[[A]] offsets [0, 0, 0] steps [1, 1, 1] : tensor<2x4x300xf32> to tensor<2x4x258xf32>
// CHECK: %[[B0:.*]] = loom.slice %[[B]] offsets [0, 0] steps [1, 1] : tensor<300x8xf32> to tensor<258x8xf32>
// CHECK: %[[P0:.*]] = loom.matmul %[[A0]], %[[B0]]
// CHECK: %[[I0:.*]] = loom.cast %[[P0]] : tensor<2x4x8xf32> to tensor<2x4x8xi32>
// CHECK: %[[A1:.*]] = loom.slice %[[A]] offsets [0, 0, 258] steps [1, 1, 1] : tensor<2x4x300xf32> to tensor<2x4x42xf32>
// CHECK: %[[B1:.*]] = loom.slice %[[B]] offsets [258, 0] steps [1, 1] : tensor<300x8xf32> to tensor<42x8xf32>
// CHECK: %[[P1:.*]] = loom.matmul %[[A1]], %[[B1]]
// CHECK: %[[I1:.*]] = loom.cast %[[P1]] : tensor<2x4x8xf32> to tensor<2x4x8xi32>
// CHECK: %[[S:.*]] = loom.add %[[I0]], %[[I1]]
// CHECK: return %[[S]]
func.func @matmul_two_slices(%a: tensor<2x4x300xui8>, %b: tensor<300x8xui8>) -> tensor<2x4x8xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<2x4x300xui8>, tensor<300x8xui8>) -> tensor<2x4x8xi32>
  return %0 : tensor<2x4x8xi32>
}

// -----

// ui8 x i8 with a 3x3 window: 2^24 / (255 * 128 * 9) = 57 channels a slice,
// so 64 channels are [0, 57) and [57, 64), the attributes kept.
// CHECK-LABEL: func.func @conv_two_slices
// CHECK: %[[X0:.*]] = loom.slice %{{.*}} offsets [0, 0, 0, 0] steps [1, 1, 1, 1] : tensor<1x64x6x6xf32> to tensor<1x57x6x6xf32>
// CHECK: %[[W0:.*]] = loom.slice %{{.*}} offsets [0, 0, 0, 0] steps [1, 1, 1, 1] : tensor<8x64x3x3xf32> to tensor<8x57x3x3xf32>
// CHECK: loom.conv %[[X0]], %[[W0]] strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1
// CHECK: loom.slice %{{.*}} offsets [0, 57, 0, 0] steps [1, 1, 1, 1] : tensor<1x64x6x6xf32> to tensor<1x7x6x6xf32>
// CHECK: loom.slice %{{.*}} offsets [0, 57, 0, 0] steps [1, 1, 1, 1] : tensor<8x64x3x3xf32> to tensor<8x7x3x3xf32>
// CHECK: loom.add
func.func @conv_two_slices(%x: tensor<1x64x6x6xui8>, %w: tensor<8x64x3x3xi8>) -> tensor<1x8x6x6xi32> {
  %0 = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x64x6x6xui8>, tensor<8x64x3x3xi8>) -> tensor<1x8x6x6xi32>
  return %0 : tensor<1x8x6x6xi32>
}

// -----

// A grouped convolution that would need two slices becomes an i32 one.
// CHECK-LABEL: func.func @conv_grouped_i32
// CHECK: %[[X:.*]] = loom.cast %{{.*}} : tensor<1x128x6x6xui8> to tensor<1x128x6x6xi32>
// CHECK: %[[W:.*]] = loom.cast %{{.*}} : tensor<8x64x3x3xi8> to tensor<8x64x3x3xi32>
// CHECK: loom.conv %[[X]], %[[W]] {{.*}} groups 2 : (tensor<1x128x6x6xi32>, tensor<8x64x3x3xi32>) -> tensor<1x8x4x4xi32>
// CHECK-NOT: loom.slice
func.func @conv_grouped_i32(%x: tensor<1x128x6x6xui8>, %w: tensor<8x64x3x3xi8>) -> tensor<1x8x4x4xi32> {
  %0 = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 2 : (tensor<1x128x6x6xui8>, tensor<8x64x3x3xi8>) -> tensor<1x8x4x4xi32>
  return %0 : tensor<1x8x4x4xi32>
}
