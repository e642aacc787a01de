// Data-movement kernels the systolic target cannot generate are errors
// naming the kernel, the op and the reason.
// RUN: not loomc %s --target=systolic --emit=asm 2>&1 | FileCheck %s

// Moving the innermost dimension of a 1-byte type would need DMA rows of
// one byte.
// CHECK: error: systolic: kernel @main_kernel_0 (loom.transpose) cannot be copied by DMA: a source run of 1 bytes is not a multiple of the chip's 4-byte DMA alignment
// CHECK: error: systolic: kernel @main_kernel_1 (loom.pad) pads in mode edge; only constant padding is generated
func.func @main(%x: tensor<4x6x3xi1>, %y: tensor<3x5xf32>) -> (tensor<4x3x6xi1>, tensor<5x7xf32>) {
  %0 = loom.transpose %x permutation [0, 2, 1] : (tensor<4x6x3xi1>) -> tensor<4x3x6xi1>
  %1 = loom.pad %y low [1, 1] high [1, 1] mode edge : (tensor<3x5xf32>) -> tensor<5x7xf32>
  return %0, %1 : tensor<4x3x6xi1>, tensor<5x7xf32>
}
