// Kernels the scalar core cannot generate are errors naming the kernel and
// the reason.
// RUN: not loomc %s --target=systolic --emit=asm 2>&1 | FileCheck %s

// The code is unrolled per result element.
// CHECK: error: systolic: kernel @main_kernel_0 has 20000 result elements; the scalar core computes at most 16384 (its code is unrolled)
func.func @main(%a: tensor<200x100xi64>, %b: tensor<200x100xi64>) -> tensor<200x100xi64> {
  %0 = loom.add %a, %b : (tensor<200x100xi64>, tensor<200x100xi64>) -> tensor<200x100xi64>
  return %0 : tensor<200x100xi64>
}
