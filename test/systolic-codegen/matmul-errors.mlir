// Matmul kernels the systolic target cannot generate are errors naming the
// kernel, the op and the reason.
// RUN: split-file %s %t
// RUN: not loomc %t/types.mlir --target=systolic --emit=asm 2>&1 | FileCheck %s --check-prefix=TYPES
// RUN: not loomc %t/vmem.mlir --target=systolic --emit=asm --chip-config=%S/Inputs/small-vmem.ini 2>&1 | FileCheck %s --check-prefix=VMEM
// RUN: not loomc %t/align.mlir --target=systolic --emit=asm --chip-config=%S/Inputs/matmul-dma-32.ini 2>&1 | FileCheck %s --check-prefix=ALIGN

//--- types.mlir
// The MXUs multiply bf16 operands into f32 sums: integer matmuls have no
// place there.
// TYPES: error: systolic: kernel @main_kernel_0 (loom.matmul) has i32 operands; the MXUs multiply f32 matmuls only (their operands rounded to bf16)
func.func @main(%a: tensor<8x16xi32>, %b: tensor<16x8xi32>) -> tensor<8x8xi32> {
  %0 = loom.matmul %a, %b : (tensor<8x16xi32>, tensor<16x8xi32>) -> tensor<8x8xi32>
  return %0 : tensor<8x8xi32>
}

//--- vmem.mlir
// With 64 KiB of VMEM, even blocks of 8 rows of K = 4096 and the double
// buffers of B do not fit.
// VMEM: error: systolic: kernel @main_kernel_0 (loom.matmul) cannot tile K=4096, N=8 into VMEM: even 8-row blocks need 1312768 bytes with the epilogue operands, 65536 are free
func.func @main(%x: tensor<8x4096xf32>, %w: tensor<4096x8xf32>) -> tensor<8x8xf32> {
  %0 = loom.matmul %x, %w : (tensor<8x4096xf32>, tensor<4096x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

//--- align.mlir
// Rows of A are 1200 bytes, not a whole number of 32-byte DMA units.
// ALIGN: error: systolic: kernel @main_kernel_0 (loom.matmul) has K=300, N=64: its tiles' rows of 1200 bytes are not a multiple of the chip's 32-byte DMA alignment
func.func @main(%x: tensor<8x300xf32>, %w: tensor<300x64xf32>) -> tensor<8x64xf32> {
  %0 = loom.matmul %x, %w : (tensor<8x300xf32>, tensor<300x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}
