// Data-movement kernels the systolic target cannot generate are errors
// naming the kernel, the op and the reason.
// RUN: not loomc %s --target=systolic --emit=asm 2>&1 | FileCheck %s

// Bytes whose rows DMA cannot move at 4-byte granularity are staged whole
// in VMEM, which 16 MiB of them do not fit.
// CHECK: error: systolic: kernel @main_kernel_0 (loom.transpose) cannot be copied by DMA (a source run of 1 bytes is not a multiple of the chip's 4-byte DMA alignment) and is too large to stage whole in VMEM
// CHECK: error: systolic: kernel @main_kernel_1 (loom.gather) cannot be copied by DMA (a gathered row of 4097 bytes is not a multiple of the chip's 4-byte DMA alignment) and is too large to stage whole in VMEM
// Resizes that are not a few affine copies are unrolled per element; linear
// ones interpolate f32 only.
// CHECK: error: systolic: kernel @main_kernel_2 (loom.resize) has 90000 result elements; resizes whose maps are not a few affine copies are unrolled for at most 16384
// CHECK: error: systolic: kernel @main_kernel_3 (loom.resize) interpolates a type other than f32; the vector unit computes f32
func.func @main(%x: tensor<4097x4096xi8>, %t: tensor<5000x4097xi8>, %i: tensor<2xi64>, %r: tensor<1x1x200x200xf32>, %h: tensor<2x2xf16>) -> (tensor<4096x4097xi8>, tensor<2x4097xi8>, tensor<1x1x300x300xf32>, tensor<4x4xf16>) {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<4097x4096xi8>) -> tensor<4096x4097xi8>
  %1 = loom.gather %t, %i axis 0 : (tensor<5000x4097xi8>, tensor<2xi64>) -> tensor<2x4097xi8>
  %2 = loom.resize %r mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 1.0, 1.5, 1.5] : tensor<1x1x200x200xf32> to tensor<1x1x300x300xf32>
  %3 = loom.resize %h mode linear coordinate_transform half_pixel scales [2.0, 2.0] : tensor<2x2xf16> to tensor<4x4xf16>
  return %0, %1, %2, %3 : tensor<4096x4097xi8>, tensor<2x4097xi8>, tensor<1x1x300x300xf32>, tensor<4x4xf16>
}
