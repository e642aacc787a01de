// Host fallback keeps the chip's numeric contract for contractions
// (docs/systolic.md, "Host fallback"): a kernel the chip cannot run (a
// conv_transpose or a conv whose result is cast to f16, which the chip
// computes only in elementwise kernels) is compiled for the host with its
// f32 contraction operands
// rounded to bf16 (HostContractions.cpp), so the host's products are the
// MXU's and only its order of f32 sums differs from the
// evaluator's Bf16Matmul mode. With f32 operands the host's results were
// some 4e-3 (relative) away from that mode, outside the tolerances below.
// RUN: loom-differential %s --target=systolic --rtol=1e-4 --atol=1e-6 | FileCheck %s
// CHECK: @conv_transpose_f16: ok (1 output
// CHECK: @conv_f16: ok (1 output
//
// The kernels are the host's.
// RUN: sed -n '/^func.func @conv_transpose_f16(/,/^}/p' %s | sed 's/@conv_transpose_f16/@main/' > %t.mlir
// RUN: loomc %t.mlir --target=systolic -o %t.loom --report 2>/dev/null | FileCheck %s --check-prefix=REPORT
// REPORT: host fallback: 1 kernel the device cannot run, compiled for the host (cpu) and run there:
// REPORT-NEXT: main_kernel_0 [loom.conv_transpose, loom.cast]
// RUN: sed -n '/^func.func @conv_f16(/,/^}/p' %s | sed 's/@conv_f16/@main/' > %t.f16.mlir
// RUN: loomc %t.f16.mlir --target=systolic -o %t.f16.loom --report 2>/dev/null | FileCheck %s --check-prefix=F16
// F16: host fallback: 1 kernel the device cannot run, compiled for the host (cpu) and run there:
// F16-NEXT: main_kernel_0 [loom.conv, loom.cast]

func.func @conv_transpose_f16(%x: tensor<2x6x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<2x4x9x9xf16> {
  %y = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] output_padding [0, 0] groups 1 : (tensor<2x6x5x5xf32>, tensor<6x4x3x3xf32>) -> tensor<2x4x9x9xf32>
  %r = loom.cast %y : tensor<2x4x9x9xf32> to tensor<2x4x9x9xf16>
  return %r : tensor<2x4x9x9xf16>
}

func.func @conv_f16(%x: tensor<1x2x5x5xf32>, %w: tensor<3x2x2x2xf32>) -> tensor<1x3x4x4xf16> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x5x5xf32>, tensor<3x2x2x2xf32>) -> tensor<1x3x4x4xf32>
  %a = loom.cast %y : tensor<1x3x4x4xf32> to tensor<1x3x4x4xf16>
  return %a : tensor<1x3x4x4xf16>
}
