// RUN: loom-opt %s -split-input-file -loom-cpu-data-shaped-to-ukernel | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-cpu-lower-kernels | FileCheck %s --check-prefix=LLVM

// ConstantOfShape to a run-time shape: the shape and its 2 entries, the
// value's bits (7) in a stack array, 4-byte elements, bound 4, the 16
// elements of the flat result.
// CHECK-LABEL: func.func private @constant_of_shape
// CHECK-SAME: (%{{.*}}: memref<2xi64>, %{{.*}}: memref<16xi32>, %{{.*}}: memref<2xi64>)
// CHECK-NOT: loom.constant_of_shape
// CHECK: %[[SEVEN:.*]] = arith.constant 7 : i64
// CHECK: memref.store %[[SEVEN]]
// CHECK: call @loom_ukernel_constant_of_shape(%{{.*}}, %c2_i64, %{{.*}}, %c4_i64, %c4_i64, %{{.*}}, %c16_i64, %{{.*}}) : (!llvm.ptr, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_constant_of_shape(!llvm.ptr, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr)
// LLVM-DAG: llvm.func @constant_of_shape(%{{.*}}: !llvm.ptr) -> i32
func.func private @constant_of_shape(%s: tensor<2xi64>) -> (tensor<16xi32>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.constant_of_shape %s {bound = 4 : i64, value = dense<7> : tensor<i32>} : (tensor<2xi64>) -> (tensor<16xi32>, tensor<2xi64>)
  return %values, %dims : tensor<16xi32>, tensor<2xi64>
}

// -----

// Range: the three scalars, f32 as LOOM_UKERNEL_FLOAT (2) of 4 bytes,
// bound 32.
// CHECK-LABEL: func.func private @range
// CHECK: call @loom_ukernel_range(%{{.*}}, %{{.*}}, %{{.*}}, %c2_i64, %c4_i64, %c32_i64, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_range(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr, !llvm.ptr)
func.func private @range(%a: tensor<f32>, %b: tensor<f32>, %c: tensor<f32>) -> (tensor<32xf32>, tensor<1xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.range %a, %b, %c {bound = 32 : i64} : (tensor<f32>, tensor<f32>, tensor<f32>) -> (tensor<32xf32>, tensor<1xi64>)
  return %values, %dims : tensor<32xf32>, tensor<1xi64>
}

// -----

// A symmetric Blackman window (2, periodic 0) of an i32 size (4 bytes),
// f64 elements (LOOM_UKERNEL_FLOAT, 8 bytes), bound 8.
// CHECK-LABEL: func.func private @window
// CHECK: call @loom_ukernel_window(%{{.*}}, %c4_i64, %c2_i64, %c0_i64, %c2_i64, %c8_i64, %c8_i64, %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, i64, i64, i64, i64, i64, !llvm.ptr, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_window(!llvm.ptr, i64, i64, i64, i64, i64, i64, !llvm.ptr, !llvm.ptr)
func.func private @window(%n: tensor<i32>) -> (tensor<8xf64>, tensor<1xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.window %n blackman {bound = 8 : i64, element_type = f64, periodic = false} : (tensor<i32>) -> (tensor<8xf64>, tensor<1xi64>)
  return %values, %dims : tensor<8xf64>, tensor<1xi64>
}

// -----

// Expand of a 3x1 input to a run-time shape of 3 entries: the input's
// shape, rank 2, 4-byte elements, the shape, the result's bounds [8, 3, 8]
// (stack arrays) and rank 3, the 192 elements of the flat result.
// CHECK-LABEL: func.func private @expand
// CHECK: call @loom_ukernel_expand_to_shape(%{{.*}}, %{{.*}}, %c2_i64, %c4_i64, %{{.*}}, %c3_i64, %{{.*}}, %c3_i64, %{{.*}}, %c192_i64, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_expand_to_shape(!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr)
func.func private @expand(%x: tensor<3x1xf32>, %s: tensor<3xi64>) -> (tensor<192xf32>, tensor<3xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.expand_to_shape %x, %s {bound = 8 : i64} : (tensor<3x1xf32>, tensor<3xi64>) -> (tensor<192xf32>, tensor<3xi64>)
  return %values, %dims : tensor<192xf32>, tensor<3xi64>
}

// -----

// Tile of a 2x3 input by run-time repeats: the input's shape, rank 2,
// 4-byte elements, the repeats, the bounds [8, 8], the 64 elements.
// CHECK-LABEL: func.func private @tile
// CHECK: call @loom_ukernel_tile_to_repeats(%{{.*}}, %{{.*}}, %c2_i64, %c4_i64, %{{.*}}, %{{.*}}, %{{.*}}, %c64_i64, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_tile_to_repeats(!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr)
func.func private @tile(%x: tensor<2x3xf32>, %r: tensor<2xi64>) -> (tensor<64xf32>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.tile_to_repeats %x, %r {bound = 8 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> (tensor<64xf32>, tensor<2xi64>)
  return %values, %dims : tensor<64xf32>, tensor<2xi64>
}

// -----

// OneHot of 2x3 indices at axis 1 by a run-time depth: the indices as
// [outer 2, inner 3], the depth, the off/on pair, 4-byte elements, the
// indices' shape, result rank 3, the axis, the bound 8, the 48 elements.
// CHECK-LABEL: func.func private @one_hot
// CHECK: call @loom_ukernel_runtime_one_hot(%{{.*}}, %c2_i64, %c3_i64, %{{.*}}, %{{.*}}, %c4_i64, %{{.*}}, %c3_i64, %c1_i64, %c8_i64, %{{.*}}, %c48_i64, %{{.*}}) : (!llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, !llvm.ptr, i64, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_runtime_one_hot(!llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, !llvm.ptr, i64, !llvm.ptr)
func.func private @one_hot(%i: tensor<2x3xi64>, %d: tensor<1xi64>, %v: tensor<2xf32>) -> (tensor<48xf32>, tensor<3xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_one_hot %i, %d, %v {axis = 1 : i64, bound = 8 : i64} : (tensor<2x3xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<48xf32>, tensor<3xi64>)
  return %values, %dims : tensor<48xf32>, tensor<3xi64>
}

// -----

// Resize of a 2x10 input by run-time sizes with a roi: the shape, rank 2,
// 8-byte elements, the sizes, the roi, the options [mode linear,
// tf_crop_and_resize, round_prefer_floor, no exclude_outside, by sizes,
// not enlarge_only]
// and [A, extrapolation] on the stack, the bounds [4, 10] and their largest,
// tap tables of 2 * 10 * 4 and 2 * 10 entries on the heap, the 40 elements.
// CHECK-LABEL: func.func private @resize
// CHECK-DAG: %[[OPTIONS:.*]] = memref.alloca() : memref<6xi64>
// CHECK-DAG: %[[COEFFICIENTS:.*]] = memref.alloca() : memref<2xf64>
// CHECK-DAG: memref.store %cst{{.*}}, %[[COEFFICIENTS]]
// CHECK-DAG: memref.alloc() : memref<80xi64>
// CHECK-DAG: memref.alloc() : memref<80xf64>
// CHECK-DAG: memref.alloc() : memref<20xi64>
// CHECK: call @loom_ukernel_runtime_resize(%{{.*}}, %{{.*}}, %c2_i64, %c8_i64, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %c10_i64, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %c40_i64, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_runtime_resize(!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr)
func.func private @resize(%x: tensor<2x10xf64>, %s: tensor<2xi64>, %roi: tensor<4xf64>) -> (tensor<40xf64>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_resize %x, %s, %roi mode linear coordinate_transform tf_crop_and_resize {bound = 4 : i64, extrapolation_value = 10.0 : f64} : (tensor<2x10xf64>, tensor<2xi64>, tensor<4xf64>) -> (tensor<40xf64>, tensor<2xi64>)
  return %values, %dims : tensor<40xf64>, tensor<2xi64>
}
