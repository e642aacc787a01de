// RUN: loom-opt %s -split-input-file -loom-cpu-conv-to-ukernel | FileCheck %s

// The tile of a 3x3 stride-2 convolution with pre-packed filters (the
// generic that restores them from the panels, the im2col of the padded
// input, the matmul) and its bias + ReLU epilogue becomes one call of
// loom_ukernel_conv2d_f32 on the padded input, the panels and the
// epilogue's output; the restored filter, the patches and the product go.
#panels = affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 9 + d2 * 3 + d3, d0 mod 32)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#im2col = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3 * 2 + d1, d4 * 2 + d2)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#channel = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @bias_relu
// CHECK-SAME: (%[[X:.*]]: memref<1x64x28x28xf32>, %[[P:.*]]: memref<4x576x32xf32>, %[[B:.*]]: memref<1x128x1x1xf32>, %[[OUT:.*]]: memref<1x128x14x14xf32>)
// CHECK-NOT: linalg.matmul
// CHECK-NOT: memref.alloc() {{.*}} : memref<128x64x3x3xf32>
// CHECK-NOT: memref.alloc() {{.*}} : memref<64x3x3x14x14xf32>
// CHECK-NOT: memref.alloc() {{.*}} : memref<1x128x14x14xf32>
// CHECK: %[[PAD:.*]] = memref.alloc() {{.*}} : memref<64x30x30xf32>
// CHECK: memref.copy
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : i64
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : i64
// CHECK-DAG: %[[C14:.*]] = arith.constant 14 : i64
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 0x7F800000 : f32
// CHECK: call @loom_ukernel_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[C128]], %[[C64]], %[[C14]], %[[C14]], %[[C3]], %[[C3]], %[[C2]], %[[C2]], %[[FLAGS]], %{{.*}}, %{{.*}}, %[[NULL]], %{{.*}}, %{{.*}}, %[[LO]], %[[HI]])
// CHECK-NOT: linalg.generic
// CHECK: return
// CHECK: func.func private @loom_ukernel_conv2d_f32(!llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i32, !llvm.ptr, i64, !llvm.ptr, i64, i64, f32, f32)
func.func @bias_relu(%arg0: memref<1x64x28x28xf32>, %arg1: memref<4x576x32xf32>, %arg2: memref<1x128x1x1xf32>, %arg3: memref<1x128x14x14xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %collapse_shape = memref.collapse_shape %arg3 [[0, 1], [2], [3]] : memref<1x128x14x14xf32> into memref<128x14x14xf32>
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<128x64x3x3xf32>
  linalg.generic {indexing_maps = [#panels, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg1 : memref<4x576x32xf32>) outs(%alloc : memref<128x64x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  %collapse_shape_0 = memref.collapse_shape %arg0 [[0, 1], [2], [3]] : memref<1x64x28x28xf32> into memref<64x28x28xf32>
  %alloc_1 = memref.alloc() {alignment = 64 : i64} : memref<64x30x30xf32>
  linalg.fill ins(%cst : f32) outs(%alloc_1 : memref<64x30x30xf32>)
  %subview = memref.subview %alloc_1[0, 1, 1] [64, 28, 28] [1, 1, 1] : memref<64x30x30xf32> to memref<64x28x28xf32, strided<[900, 30, 1], offset: 31>>
  memref.copy %collapse_shape_0, %subview : memref<64x28x28xf32> to memref<64x28x28xf32, strided<[900, 30, 1], offset: 31>>
  %alloc_2 = memref.alloc() {alignment = 64 : i64} : memref<64x3x3x14x14xf32>
  linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%alloc_1 : memref<64x30x30xf32>) outs(%alloc_2 : memref<64x3x3x14x14xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  %alloc_3 = memref.alloc() {alignment = 64 : i64} : memref<1x128x14x14xf32>
  %collapse_shape_4 = memref.collapse_shape %alloc [[0], [1, 2, 3]] : memref<128x64x3x3xf32> into memref<128x576xf32>
  %collapse_shape_5 = memref.collapse_shape %alloc_2 [[0, 1, 2], [3, 4]] : memref<64x3x3x14x14xf32> into memref<576x196xf32>
  %collapse_shape_6 = memref.collapse_shape %alloc_3 [[0, 1], [2, 3]] : memref<1x128x14x14xf32> into memref<128x196xf32>
  linalg.fill ins(%cst : f32) outs(%collapse_shape_6 : memref<128x196xf32>)
  linalg.matmul ins(%collapse_shape_4, %collapse_shape_5 : memref<128x576xf32>, memref<576x196xf32>) outs(%collapse_shape_6 : memref<128x196xf32>)
  %collapse_shape_7 = memref.collapse_shape %alloc_3 [[0, 1], [2], [3]] : memref<1x128x14x14xf32> into memref<128x14x14xf32>
  %collapse_shape_8 = memref.collapse_shape %arg2 [[0, 1, 2, 3]] : memref<1x128x1x1xf32> into memref<128xf32>
  linalg.generic {indexing_maps = [#id3, #channel, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapse_shape_7, %collapse_shape_8 : memref<128x14x14xf32>, memref<128xf32>) outs(%collapse_shape : memref<128x14x14xf32>) {
  ^bb0(%in: f32, %in_9: f32, %out: f32):
    %1 = arith.addf %in, %in_9 : f32
    %2 = arith.maximumf %1, %cst : f32
    linalg.yield %2 : f32
  }
  return
}

// -----

// No epilogue and no zero fill: the call accumulates into the output, a
// [F, OH * OW] buffer viewed as [F, OH, OW]; the window is 2x3 at stride
// 1, the padded input a view of the argument with a unit leading
// dimension, and the panels a block of a larger argument.
#panels = affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 6 + d2 * 3 + d3, d0 mod 32)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#im2col = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d4 + d1, d5 + d2)>
#id6 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @accumulate
// CHECK-SAME: (%[[X:.*]]: memref<1x4x9x10xf32>, %[[P:.*]]: memref<4x24x32xf32>, %[[OUT:.*]]: memref<64x64xf32>)
// CHECK: %[[BLOCK:.*]] = memref.subview %[[P]][2, 0, 0] [2, 24, 32] [1, 1, 1]
// CHECK: %[[VIEW:.*]] = memref.expand_shape %[[OUT]] {{\[}}[0], [1, 2]] output_shape [64, 8, 8] : memref<64x64xf32> into memref<64x8x8xf32>
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK: call @loom_ukernel_conv2d_f32({{.*}}, %[[C2]], %[[C3]], %[[C1]], %[[C1]], %[[FLAGS]],
// CHECK-NOT: linalg.
func.func @accumulate(%arg0: memref<1x4x9x10xf32>, %arg1: memref<4x24x32xf32>, %out: memref<64x64xf32>) {
  %block = memref.subview %arg1[2, 0, 0] [2, 24, 32] [1, 1, 1] : memref<4x24x32xf32> to memref<2x24x32xf32, strided<[768, 32, 1], offset: 1536>>
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<64x4x2x3xf32>
  linalg.generic {indexing_maps = [#panels, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%block : memref<2x24x32xf32, strided<[768, 32, 1], offset: 1536>>) outs(%alloc : memref<64x4x2x3xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  %patches = memref.alloc() {alignment = 64 : i64} : memref<4x2x3x1x8x8xf32>
  linalg.generic {indexing_maps = [#im2col, #id6], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%arg0 : memref<1x4x9x10xf32>) outs(%patches : memref<4x2x3x1x8x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  %lhs = memref.collapse_shape %alloc [[0], [1, 2, 3]] : memref<64x4x2x3xf32> into memref<64x24xf32>
  %rhs = memref.collapse_shape %patches [[0, 1, 2], [3, 4, 5]] : memref<4x2x3x1x8x8xf32> into memref<24x64xf32>
  linalg.matmul ins(%lhs, %rhs : memref<64x24xf32>, memref<24x64xf32>) outs(%out : memref<64x64xf32>)
  return
}

// -----

// Left to the matmul: a filter that no generic restores from panels (the
// filters of a model input), and one restored from panels that another op
// also reads.
#panels = affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 9 + d2 * 3 + d3, d0 mod 32)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#im2col = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3 + d1, d4 + d2)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @plain_filter
// CHECK-NOT: loom_ukernel_conv2d_f32
// CHECK: linalg.matmul
// CHECK-LABEL: func.func @filter_read_twice
// CHECK-NOT: loom_ukernel_conv2d_f32
// CHECK: linalg.matmul
// CHECK-NOT: loom_ukernel_conv2d_f32
func.func @plain_filter(%x: memref<4x10x10xf32>, %w: memref<32x4x3x3xf32>, %out: memref<32x64xf32>) {
  %patches = memref.alloc() {alignment = 64 : i64} : memref<4x3x3x8x8xf32>
  linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : memref<4x10x10xf32>) outs(%patches : memref<4x3x3x8x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  %lhs = memref.collapse_shape %w [[0], [1, 2, 3]] : memref<32x4x3x3xf32> into memref<32x36xf32>
  %rhs = memref.collapse_shape %patches [[0, 1, 2], [3, 4]] : memref<4x3x3x8x8xf32> into memref<36x64xf32>
  linalg.matmul ins(%lhs, %rhs : memref<32x36xf32>, memref<36x64xf32>) outs(%out : memref<32x64xf32>)
  return
}
func.func @filter_read_twice(%x: memref<4x10x10xf32>, %p: memref<1x36x32xf32>, %out: memref<32x64xf32>, %copy: memref<32x4x3x3xf32>) {
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<32x4x3x3xf32>
  linalg.generic {indexing_maps = [#panels, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%p : memref<1x36x32xf32>) outs(%alloc : memref<32x4x3x3xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  %patches = memref.alloc() {alignment = 64 : i64} : memref<4x3x3x8x8xf32>
  linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : memref<4x10x10xf32>) outs(%patches : memref<4x3x3x8x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  %lhs = memref.collapse_shape %alloc [[0], [1, 2, 3]] : memref<32x4x3x3xf32> into memref<32x36xf32>
  %rhs = memref.collapse_shape %patches [[0, 1, 2], [3, 4]] : memref<4x3x3x8x8xf32> into memref<36x64xf32>
  linalg.matmul ins(%lhs, %rhs : memref<32x36xf32>, memref<36x64xf32>) outs(%out : memref<32x64xf32>)
  memref.copy %alloc, %copy : memref<32x4x3x3xf32> to memref<32x4x3x3xf32>
  return
}

// -----

// A 1x1 convolution's tile: the restoring generic writes the filter
// [F, C] itself (the lowering folded the unit window away) and the matmul
// reads the input [1, C, H, W] collapsed, with no im2col: the call reads
// the input in place with a 1x1 window at stride 1, and the bias epilogue
// joins it.
#pointwise = affine_map<(d0, d1) -> (d0 floordiv 32, d1, d0 mod 32)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#channel = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @pointwise
// CHECK-NOT: linalg.
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : i64
// CHECK-DAG: %[[C1024:.*]] = arith.constant 1024 : i64
// CHECK-DAG: %[[C14:.*]] = arith.constant 14 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK: call @loom_ukernel_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[C128]], %[[C1024]], %[[C14]], %[[C14]], %[[C1]], %[[C1]], %[[C1]], %[[C1]],
// CHECK-NOT: linalg.
func.func @pointwise(%x: memref<1x1024x14x14xf32>, %p: memref<4x1024x32xf32>, %b: memref<128xf32>, %out: memref<128x14x14xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<128x1024xf32>
  linalg.generic {indexing_maps = [#pointwise, #id2], iterator_types = ["parallel", "parallel"]} ins(%p : memref<4x1024x32xf32>) outs(%alloc : memref<128x1024xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  %input = memref.collapse_shape %x [[0, 1], [2, 3]] : memref<1x1024x14x14xf32> into memref<1024x196xf32>
  %product = memref.alloc() {alignment = 64 : i64} : memref<128x196xf32>
  linalg.fill ins(%cst : f32) outs(%product : memref<128x196xf32>)
  linalg.matmul ins(%alloc, %input : memref<128x1024xf32>, memref<1024x196xf32>) outs(%product : memref<128x196xf32>)
  %expand = memref.expand_shape %product [[0], [1, 2]] output_shape [128, 14, 14] : memref<128x196xf32> into memref<128x14x14xf32>
  linalg.generic {indexing_maps = [#id3, #channel, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expand, %b : memref<128x14x14xf32>, memref<128xf32>) outs(%out : memref<128x14x14xf32>) {
  ^bb0(%in: f32, %in_1: f32, %o: f32):
    %0 = arith.addf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  return
}
