// A kernel the cuda pipeline cannot generate goes to the host fallback (the
// cpu target): here a convolution whose padded 512x3x3 patch needs more
// per-thread stack than the cuda target allows (16 KiB). The artifact holds
// the CUDA library and a CPU one; the CPU kernel's launch has no block.
// RUN: loomc %s --target=cuda --report -o %t.loom | FileCheck %s --check-prefix=REPORT
// REPORT: host fallback: 1 kernel the device cannot run, compiled for the host (cpu) and run there:
// REPORT-NEXT: main_kernel_0 [loom.conv] generator refused: cuda: kernel @main_kernel_0 needs a temporary 'memref<512x3x3xf32>' per thread, beyond the stack budget of the cuda target
// Only the kernel on the GPU has resource lines, one per cubin.
// RUN: loomc %s --target=cuda --report -o %t.loom | FileCheck %s --check-prefix=RESOURCES
// RESOURCES:      kernel resources
// RESOURCES-NEXT: main_kernel_1 sm_80: registers
// RESOURCES-NEXT: main_kernel_1 sm_90: registers
// RESOURCES-NEXT: buffers:
// RUN: python3 %S/Inputs/inspect_artifact.py %t.loom | FileCheck %s --check-prefix=ART
// ART: program 0 target Cuda
// ART-NEXT: library 0 target Cuda format CudaImages images Cubin:sm_80 Cubin:sm_90 Ptx:sm_80
// ART-NEXT: library 1 target Cpu format ElfSharedObject
// ART-NEXT: launch grid [1, 1, 1] block None shared 0
// ART-NEXT: launch grid [1, 1, 1] block [4, 1, 1] shared 0
func.func @main(%x: tensor<1x512x2x2xf32> {loom.name = "x"}, %w: tensor<1x512x3x3xf32> {loom.name = "w"}, %y: tensor<4xf32> {loom.name = "y"})
    -> (tensor<1x1x2x2xf32> {loom.name = "c"}, tensor<4xf32> {loom.name = "e"}) {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x512x2x2xf32>, tensor<1x512x3x3xf32>) -> tensor<1x1x2x2xf32>
  %e = loom.exp %y : tensor<4xf32>
  return %c, %e : tensor<1x1x2x2xf32>, tensor<4xf32>
}
