// Vector-unit kernels the systolic target cannot generate are errors naming
// the kernel, the op and the reason. (The i32 sum's axes are not adjacent:
// loom-adjacent-reduction-axes transposes its input first, @main_kernel_1,
// which the chip moves.)
// RUN: not loomc %s --target=systolic --emit=asm 2>&1 | FileCheck %s

// CHECK: error: systolic: kernel @main_kernel_0 (loom.mul) computes f64; the vector unit computes f32, f16 and bf16 (and i1)
// CHECK-NOT: main_kernel_1
// CHECK: error: systolic: kernel @main_kernel_2 (loom.reduce_sum) no systolic code generator handles this kernel
// CHECK: error: systolic: kernel @main_kernel_3 (loom.softmax) reduces a tensor other than a static f32 one; the vector unit reduces f32
func.func @main(%x: tensor<4x6xf64>, %y: tensor<4x6x5xi32>, %h: tensor<4x6xf16>) -> (tensor<4x6xf64>, tensor<6xi32>, tensor<4x6xf16>) {
  %0 = loom.mul %x, %x : (tensor<4x6xf64>, tensor<4x6xf64>) -> tensor<4x6xf64>
  %1 = loom.reduce_sum %y axes [0, 2] : (tensor<4x6x5xi32>) -> tensor<6xi32>
  %2 = loom.softmax %h axis 1 : tensor<4x6xf16>
  return %0, %1, %2 : tensor<4x6xf64>, tensor<6xi32>, tensor<4x6xf16>
}
