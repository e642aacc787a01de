// RUN: loom-opt %s -split-input-file -loom-cpu-data-shaped-to-ukernel | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-cpu-lower-kernels | FileCheck %s --check-prefix=LLVM

// A NonZero kernel becomes a call on buffers: arguments, then results, as
// memrefs; the input's shape in a stack array, the bound 2 * 6 = 12.
// CHECK-LABEL: func.func private @nonzero
// CHECK-SAME: (%[[X:.*]]: memref<2x3xf32>, %[[VALUES:.*]]: memref<12xi64>, %[[DIMS:.*]]: memref<2xi64>)
// CHECK-NOT: loom.nonzero
// CHECK: %[[SHAPE:.*]] = memref.alloca() : memref<2xi64>
// CHECK: memref.store %c2_i64, %[[SHAPE]]
// CHECK: memref.store %c3_i64, %[[SHAPE]]
// CHECK: call @loom_ukernel_nonzero(%{{.*}}, %c4_i64, %c1_i64, %{{.*}}, %c2_i64, %{{.*}}, %c12_i64, %{{.*}}) : (!llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr) -> ()
// CHECK: return
// CHECK: func.func private @loom_ukernel_nonzero(!llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr)

// The whole pipeline leaves one workgroup that calls it.
// LLVM-DAG: llvm.func @loom_ukernel_nonzero(!llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr)
// LLVM-DAG: llvm.func @nonzero(%{{.*}}: !llvm.ptr) -> i32
func.func private @nonzero(%x: tensor<2x3xf32>) -> (tensor<12xi64>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.nonzero %x : (tensor<2x3xf32>) -> (tensor<12xi64>, tensor<2xi64>)
  return %values, %dims : tensor<12xi64>, tensor<2xi64>
}

// -----

// Compress along axis 1 of [3, 4] with a condition of 2: outer 3, size 4,
// inner 1, i32 elements, bound 3 * 2 = 6; a result the kernel does not
// return (here the dims) gets a temporary.
// CHECK-LABEL: func.func private @compress
// CHECK-SAME: (%{{.*}}: memref<3x4xi32>, %{{.*}}: memref<2xi1>, %[[VALUES:.*]]: memref<6xi32>)
// CHECK: %[[TEMP:.*]] = memref.alloc() : memref<2xi64>
// CHECK: call @loom_ukernel_compress(%{{.*}}, %{{.*}}, %c2_i64, %c3_i64, %c4_i64, %c1_i64, %c4_i64, %{{.*}}, %c6_i64, %{{.*}}, %c2_i64, %c1_i64, %{{.*}})
// LLVM-LABEL: llvm.func @compress(%{{.*}}: !llvm.ptr) -> i32
func.func private @compress(%x: tensor<3x4xi32>, %c: tensor<2xi1>) -> tensor<6xi32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.compress %x, %c {axis = 1 : i64} : (tensor<3x4xi32>, tensor<2xi1>) -> (tensor<6xi32>, tensor<2xi64>)
  return %values : tensor<6xi32>
}

// -----

// Unique compares ui8 elements as unsigned (kind 1); NonMaxSuppression
// gets a scratch buffer of one i64 per box and a null score threshold.
// CHECK-LABEL: func.func private @unique
// CHECK: call @loom_ukernel_unique(%{{.*}}, %c1_i64, %c1_i64, %c1_i64, %c6_i64, %c1_i64, %c1_i64,
// CHECK-LABEL: func.func private @nms
// CHECK: memref.alloc() : memref<6xi64>
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: call @loom_ukernel_non_max_suppression(%{{.*}}, %{{.*}}, %c1_i64, %c1_i64, %c6_i64, %{{.*}}, %{{.*}}, %[[NULL]], %c0_i64,
func.func private @unique(%x: tensor<6xui8>) -> (tensor<6xui8>, tensor<1xi64>, tensor<6xi64>, tensor<6xi64>, tensor<6xi64>, tensor<1xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %y, %d, %i, %v, %c, %n = loom.unique %x : (tensor<6xui8>) -> (tensor<6xui8>, tensor<1xi64>, tensor<6xi64>, tensor<6xi64>, tensor<6xi64>, tensor<1xi64>)
  return %y, %d, %i, %v, %c, %n : tensor<6xui8>, tensor<1xi64>, tensor<6xi64>, tensor<6xi64>, tensor<6xi64>, tensor<1xi64>
}
func.func private @nms(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x1x6xf32>, %max: tensor<1xi64>, %iou: tensor<1xf32>) -> (tensor<18xi64>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %s, %d = loom.non_max_suppression %boxes, %scores, %max, %iou : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>) -> (tensor<18xi64>, tensor<2xi64>)
  return %s, %d : tensor<18xi64>, tensor<2xi64>
}
