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

// -----

// Subnormal arguments of log go through the normal range, log(x * 2^24) -
// 24 ln 2, and so do subnormal results of exp, exp(x / 2)^2 (the square
// just before the select); upstream's approximations clamp the first and
// flush the second to 0.
// CHECK-LABEL: func.func @f32_log_and_exp_subnormal_range
// CHECK-SAME: (%[[X:.*]]: vector<8xf32>)
// CHECK-DAG: %[[HALF:.*]] = arith.constant dense<5.000000e-01> : vector<8xf32>
// CHECK-DAG: %[[LOG_MIN:.*]] = arith.constant dense<-87.3365478> : vector<8xf32>
// CHECK-DAG: %[[LN2_24:.*]] = arith.constant dense<16.6355324> : vector<8xf32>
// CHECK-DAG: %[[TWO_24:.*]] = arith.constant dense<0x4B800000> : vector<8xf32>
// CHECK-DAG: %[[MIN:.*]] = arith.constant dense<1.17549435E-38> : vector<8xf32>
// CHECK: %[[SMALL:.*]] = arith.cmpf olt, %[[X]], %[[MIN]]
// CHECK: %[[SCALED:.*]] = arith.mulf %[[X]], %[[TWO_24]]
// CHECK: %[[ARG:.*]] = arith.select %[[SMALL]], %[[SCALED]], %[[X]]
// CHECK: %[[CORRECTED:.*]] = arith.subf %[[LOG:.*]], %[[LN2_24]]
// CHECK-NEXT: %[[LOG_RESULT:.*]] = arith.select %[[SMALL]], %[[CORRECTED]], %[[LOG]]
// CHECK: %[[UNDER:.*]] = arith.cmpf olt, %[[X]], %[[LOG_MIN]]
// CHECK: %[[HALVED:.*]] = arith.mulf %[[X]], %[[HALF]]
// CHECK: arith.select %[[UNDER]], %[[HALVED]], %[[X]]
// CHECK-NOT: math.log
// CHECK-NOT: math.exp
// CHECK: %[[EXP_RESULT:.*]] = arith.select %[[UNDER]], %{{.*}}, %{{.*}} :
// CHECK-NEXT: return %[[LOG_RESULT]], %[[EXP_RESULT]]
func.func @f32_log_and_exp_subnormal_range(%x: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>) {
  %0 = math.log %x : vector<8xf32>
  %1 = math.exp %x : vector<8xf32>
  return %0, %1 : vector<8xf32>, vector<8xf32>
}
