// EfficientNet's expansion on the CPU: the 1x1 convolution's bias and its
// SiLU (loom.sigmoid and loom.mul, as the ONNX exporter writes it) are
// applied in the matmul micro-kernel's stores
// (loom_ukernel_matmul_epilogue_f32 with LOOM_UKERNEL_EPILOGUE_SILU, 8, in
// its flags and no clamp); no sigmoid loop is left in the kernel.
// RUN: loomc %s --target=cpu --emit=llvm -o - | FileCheck %s

// CHECK-LABEL: define {{.*}}@main_kernel_0(
// CHECK-NOT: fdiv
// CHECK: call void @loom_ukernel_matmul_epilogue_f32({{.*}}, i32 8, ptr %{{[0-9]+}}, i64 1, ptr null, i64 0, float 0xFFF0000000000000, float 0x7FF0000000000000)
// CHECK-NOT: fdiv
// CHECK: {{^}}}
func.func @main(%x: tensor<1x16x28x28xf32>, %w: tensor<96x16x1x1xf32>, %b: tensor<1x96x1x1xf32>) -> tensor<1x96x28x28xf32> {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x16x28x28xf32>, tensor<96x16x1x1xf32>) -> tensor<1x96x28x28xf32>
  %a = loom.add %c, %b : (tensor<1x96x28x28xf32>, tensor<1x96x1x1xf32>) -> tensor<1x96x28x28xf32>
  %s = loom.sigmoid %a : tensor<1x96x28x28xf32>
  %y = loom.mul %a, %s : (tensor<1x96x28x28xf32>, tensor<1x96x28x28xf32>) -> tensor<1x96x28x28xf32>
  return %y : tensor<1x96x28x28xf32>
}
