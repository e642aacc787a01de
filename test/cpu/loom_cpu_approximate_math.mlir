// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-approximate-math))' \
// RUN:   | FileCheck %s

// CHECK-LABEL: func.func @f32_exp_and_tanh
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: math.fma
// CHECK: return
func.func @f32_exp_and_tanh(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  %1 = math.tanh %0 : f32
  return %1 : f32
}

// -----

// f64 and sin/cos keep their libm calls.
// CHECK-LABEL: func.func @negative_f64_and_sin
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.sin %{{.*}} : f32
func.func @negative_f64_and_sin(%x: f64, %y: f32) -> (f64, f32) {
  %0 = math.exp %x : f64
  %1 = math.sin %y : f32
  return %0, %1 : f64, f32
}
