// Conv kernels the systolic target cannot generate fail with one line that
// names the kernel, the op and the reason.
// RUN: not loomc %s --target=systolic --emit=asm 2>&1 | FileCheck %s

// A 3-D conv on f16 (loom-systolic-gather-conv-windows takes f32 ones).
// CHECK: error: systolic: kernel @main_kernel_0 (loom.conv) only 1-D and 2-D convolutions (NCW, NCHW) are generated
func.func @main(%x: tensor<1x2x4x4x4xf16>, %w: tensor<2x2x3x3x3xf16>) -> tensor<1x2x2x2x2xf16> {
  %y = loom.conv %x, %w strides [1, 1, 1] dilations [1, 1, 1] pad_low [0, 0, 0] pad_high [0, 0, 0] groups 1 : (tensor<1x2x4x4x4xf16>, tensor<2x2x3x3x3xf16>) -> tensor<1x2x2x2x2xf16>
  return %y : tensor<1x2x2x2x2xf16>
}
