// RUN: loom-opt %s -split-input-file -loom-cpu-winograd-conv-to-ukernel=min-tiles=4 | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-cpu-winograd-conv-to-ukernel | FileCheck %s --check-prefix=DEFAULT

// A one-workgroup 3x3 convolution as bufferization leaves it: the padded
// input, its im2col into the patches, and the matmul of the collapsed
// filter by the collapsed patches after a zero fill. With no loop around
// the tile, the filters are transformed right before the call; the im2col,
// the patches, the fill and the matmul become one call on the padded input
// (flags 0), with U's component stride (8 x 4) and the output's rows (36
// apart, 6 wide). 6 x 6 outputs are 9 tiles: the default minimum (64)
// keeps the matmul.
// CHECK-LABEL: func.func private @one_workgroup
// CHECK: scf.if
// CHECK: memref.copy
// CHECK-NOT: linalg.generic
// CHECK-NOT: linalg.fill
// CHECK: %[[U:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16x8x4xf32>
// CHECK: call @loom_ukernel_winograd_f32_filters(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, i64, i64, !llvm.ptr) -> ()
// CHECK: %[[WORKSPACE:.*]] = memref.alloc() {alignment = 64 : i64} : memref<{{[0-9]+}}xf32>
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6 : i64
// CHECK-DAG: %[[EIGHT:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK: call @loom_ukernel_conv2d_3x3_winograd_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[SIX]], %[[EIGHT]], %[[FOUR]], %[[SIX]], %[[SIX]], %{{.*}}, %[[FLAGS]])
// CHECK-NOT: linalg.matmul
// CHECK: func.func private @loom_ukernel_winograd_f32_filters(!llvm.ptr, i64, i64, i64, !llvm.ptr)
// CHECK: func.func private @loom_ukernel_conv2d_3x3_winograd_f32(!llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i64, i64, !llvm.ptr, i32)
// DEFAULT-LABEL: func.func private @one_workgroup
// DEFAULT: linalg.matmul
// DEFAULT-NOT: call @loom_ukernel_conv2d_3x3_winograd_f32
#im2col = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>
#identity = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
func.func private @one_workgroup(%x: memref<1x4x6x6xf32>, %w: memref<8x4x3x3xf32>, %y: memref<1x8x6x6xf32>, %id: index, %count: index) {
  %c0 = arith.constant 0 : index
  %first = arith.cmpi eq, %id, %c0 : index
  scf.if %first {
    %cst = arith.constant 0.000000e+00 : f32
    %out = memref.collapse_shape %y [[0, 1], [2, 3]] : memref<1x8x6x6xf32> into memref<8x36xf32>
    %in = memref.collapse_shape %x [[0, 1], [2], [3]] : memref<1x4x6x6xf32> into memref<4x6x6xf32>
    %padded = memref.alloc() {alignment = 64 : i64} : memref<4x8x8xf32>
    linalg.fill ins(%cst : f32) outs(%padded : memref<4x8x8xf32>)
    %inner = memref.subview %padded[0, 1, 1] [4, 6, 6] [1, 1, 1] : memref<4x8x8xf32> to memref<4x6x6xf32, strided<[64, 8, 1], offset: 9>>
    memref.copy %in, %inner : memref<4x6x6xf32> to memref<4x6x6xf32, strided<[64, 8, 1], offset: 9>>
    %patches = memref.alloc() {alignment = 64 : i64} : memref<4x3x3x6x6xf32>
    linalg.generic {indexing_maps = [#im2col, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%padded : memref<4x8x8xf32>) outs(%patches : memref<4x3x3x6x6xf32>) {
    ^bb0(%a: f32, %b: f32):
      linalg.yield %a : f32
    }
    %filter = memref.collapse_shape %w [[0], [1, 2, 3]] : memref<8x4x3x3xf32> into memref<8x36xf32>
    %lhs = memref.collapse_shape %patches [[0, 1, 2], [3, 4]] : memref<4x3x3x6x6xf32> into memref<36x36xf32>
    linalg.fill ins(%cst : f32) outs(%out : memref<8x36xf32>)
    linalg.matmul ins(%filter, %lhs : memref<8x36xf32>, memref<36x36xf32>) outs(%out : memref<8x36xf32>)
  }
  return
}

// -----

// Workgroups of 4 filters each (a subview of the filters at the tile's
// offset): all 8 filters are transformed once before the loop, and each
// call reads its 4 rows of U at the offset. Without a fill the call
// accumulates (flags 1).
// CHECK-LABEL: func.func private @filter_blocks
// CHECK: %[[U:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16x8x4xf32>
// CHECK: call @loom_ukernel_winograd_f32_filters
// CHECK: scf.for %[[WG:.*]] =
// CHECK: %[[F0:.*]] = arith.muli %[[WG]]
// CHECK: memref.subview %[[U]][0, %[[F0]], 0] [16, 4, 4] [1, 1, 1]
// CHECK: %[[FLAGS:.*]] = arith.constant 1 : i32
// CHECK: call @loom_ukernel_conv2d_3x3_winograd_f32({{.*}}, %[[FLAGS]])
// CHECK-NOT: linalg.matmul
#im2col = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>
#identity = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
func.func private @filter_blocks(%padded: memref<4x8x8xf32>, %w: memref<8x4x3x3xf32>, %y: memref<8x36xf32>, %id: index, %count: index) {
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  scf.for %wg = %id to %c2 step %count {
    %f0 = arith.muli %wg, %c4 : index
    %patches = memref.alloc() {alignment = 64 : i64} : memref<4x3x3x6x6xf32>
    linalg.generic {indexing_maps = [#im2col, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%padded : memref<4x8x8xf32>) outs(%patches : memref<4x3x3x6x6xf32>) {
    ^bb0(%a: f32, %b: f32):
      linalg.yield %a : f32
    }
    %block = memref.subview %w[%f0, 0, 0, 0] [4, 4, 3, 3] [1, 1, 1, 1] : memref<8x4x3x3xf32> to memref<4x4x3x3xf32, strided<[36, 9, 3, 1], offset: ?>>
    %filter = memref.collapse_shape %block [[0], [1, 2, 3]] : memref<4x4x3x3xf32, strided<[36, 9, 3, 1], offset: ?>> into memref<4x36xf32, strided<[36, 1], offset: ?>>
    %lhs = memref.collapse_shape %patches [[0, 1, 2], [3, 4]] : memref<4x3x3x6x6xf32> into memref<36x36xf32>
    %out = memref.subview %y[%f0, 0] [4, 36] [1, 1] : memref<8x36xf32> to memref<4x36xf32, strided<[36, 1], offset: ?>>
    linalg.matmul ins(%filter, %lhs : memref<4x36xf32, strided<[36, 1], offset: ?>>, memref<36x36xf32>) outs(%out : memref<4x36xf32, strided<[36, 1], offset: ?>>)
  }
  return
}

// -----

// Not a 3x3 stride-1 window (stride 2: the input reads 2 oh + i), and a
// patches buffer that something else reads: both keep the matmul.
// CHECK-LABEL: func.func private @stride2
// CHECK: linalg.generic
// CHECK: linalg.matmul
// CHECK-NOT: call
// CHECK-LABEL: func.func private @patches_read_elsewhere
// CHECK: linalg.generic
// CHECK: linalg.matmul
// CHECK-NOT: call @loom_ukernel_conv2d_3x3_winograd_f32
#strided = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3 * 2, d2 + d4 * 2)>
#im2col = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>
#identity = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
func.func private @stride2(%padded: memref<4x13x13xf32>, %w: memref<8x4x3x3xf32>, %out: memref<8x36xf32>) {
  %patches = memref.alloc() {alignment = 64 : i64} : memref<4x3x3x6x6xf32>
  linalg.generic {indexing_maps = [#strided, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%padded : memref<4x13x13xf32>) outs(%patches : memref<4x3x3x6x6xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  %filter = memref.collapse_shape %w [[0], [1, 2, 3]] : memref<8x4x3x3xf32> into memref<8x36xf32>
  %lhs = memref.collapse_shape %patches [[0, 1, 2], [3, 4]] : memref<4x3x3x6x6xf32> into memref<36x36xf32>
  linalg.matmul ins(%filter, %lhs : memref<8x36xf32>, memref<36x36xf32>) outs(%out : memref<8x36xf32>)
  return
}
func.func private @patches_read_elsewhere(%padded: memref<4x8x8xf32>, %w: memref<8x4x3x3xf32>, %out: memref<8x36xf32>, %copy: memref<4x3x3x6x6xf32>) {
  %patches = memref.alloc() {alignment = 64 : i64} : memref<4x3x3x6x6xf32>
  linalg.generic {indexing_maps = [#im2col, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%padded : memref<4x8x8xf32>) outs(%patches : memref<4x3x3x6x6xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  %filter = memref.collapse_shape %w [[0], [1, 2, 3]] : memref<8x4x3x3xf32> into memref<8x36xf32>
  %lhs = memref.collapse_shape %patches [[0, 1, 2], [3, 4]] : memref<4x3x3x6x6xf32> into memref<36x36xf32>
  linalg.matmul ins(%filter, %lhs : memref<8x36xf32>, memref<36x36xf32>) outs(%out : memref<8x36xf32>)
  memref.copy %patches, %copy : memref<4x3x3x6x6xf32> to memref<4x3x3x6x6xf32>
  return
}
