// A transformer's projection on the CPU: the dense layer's bias (one per
// column) and the residual are applied in the matmul micro-kernel's stores
// (loom_ukernel_matmul_epilogue_f32 with
// LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN, 16, the bias contiguous, the
// residual as its addend); no separate loop adds them.
// RUN: loomc %s --target=cpu --emit=llvm -o - | FileCheck %s

// CHECK-LABEL: define {{.*}}@main_kernel_0(
// CHECK-NOT: fadd
// CHECK: call void @loom_ukernel_matmul_epilogue_f32({{.*}}, i32 16, ptr %{{[0-9]+}}, i64 1, ptr %{{[0-9]+}}, i64 384, float 0xFFF0000000000000, float 0x7FF0000000000000)
// CHECK-NOT: fadd
// CHECK: {{^}}}
func.func @main(%x: tensor<1x128x1536xf32>, %w: tensor<1536x384xf32>, %b: tensor<384xf32>, %r: tensor<1x128x384xf32>) -> tensor<1x128x384xf32> {
  %m = loom.matmul %x, %w : (tensor<1x128x1536xf32>, tensor<1536x384xf32>) -> tensor<1x128x384xf32>
  %a = loom.add %m, %b : (tensor<1x128x384xf32>, tensor<384xf32>) -> tensor<1x128x384xf32>
  %y = loom.add %r, %a : (tensor<1x128x384xf32>, tensor<1x128x384xf32>) -> tensor<1x128x384xf32>
  return %y : tensor<1x128x384xf32>
}
