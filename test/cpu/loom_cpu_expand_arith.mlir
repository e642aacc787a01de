// RUN: loom-opt %s -loom-cpu-expand-arith | FileCheck %s

// CHECK-LABEL: func.func @expands_divisions_and_bf16
// CHECK-NOT: arith.floordivsi
// CHECK-NOT: arith.ceildivsi
// CHECK-NOT: arith.truncf
// CHECK-NOT: arith.extf
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
func.func @expands_divisions_and_bf16(%a: i32, %b: i32, %x: f32, %y: f32, %h: bf16)
    -> (i32, i32, bf16, f32, f32) {
  %0 = arith.floordivsi %a, %b : i32
  %1 = arith.ceildivsi %a, %b : i32
  %2 = arith.truncf %x : f32 to bf16
  %3 = arith.extf %h : bf16 to f32
  %4 = arith.maximumf %x, %y : f32
  return %0, %1, %2, %3, %4 : i32, i32, bf16, f32, f32
}
