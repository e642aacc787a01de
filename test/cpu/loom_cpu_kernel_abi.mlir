// RUN: loom-opt %s -loom-cpu-kernel-abi | FileCheck %s

// The implementation becomes internal; the entry reads each buffer pointer
// from dispatch->buffers and passes it as a static memref descriptor
// (allocated = aligned pointer, offset 0, sizes, row-major strides), then
// the linear workgroup id and count of the 3-D grid.
// CHECK: llvm.func internal @scale.impl(
// CHECK-NOT: loom.
// CHECK: llvm.func @scale(%[[DISPATCH:.*]]: !llvm.ptr) -> i32
// CHECK: %[[BUFFERS:.*]] = llvm.load %[[DISPATCH]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SLOT0:.*]] = llvm.getelementptr %[[BUFFERS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[IN:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SLOT1:.*]] = llvm.getelementptr %[[BUFFERS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[OUT:.*]] = llvm.load %[[SLOT1]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.getelementptr %[[DISPATCH]][0, 3, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, array<3 x i32>, array<3 x i32>)>
// CHECK: llvm.getelementptr %[[DISPATCH]][0, 4, 2]
// CHECK: llvm.call @scale.impl(%[[IN]], %[[IN]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]], %[[OUT]], %{{.*}}, %[[ID:.*]], %[[COUNT:.*]]) :
// CHECK: llvm.return %{{.*}} : i32
// CHECK: llvm.mlir.global external constant @loom_kernel_abi_version(1 : i32) {addr_space = 0 : i32} : i32
llvm.func @scale(%in_allocated: !llvm.ptr, %in_aligned: !llvm.ptr, %in_offset: i64,
                 %in_size0: i64, %in_size1: i64, %in_stride0: i64, %in_stride1: i64,
                 %out_allocated: !llvm.ptr, %out_aligned: !llvm.ptr, %out_offset: i64,
                 %id: i64, %count: i64)
    attributes {loom.kernel = #loom.kernel<generic>, loom.kernel_buffers = [memref<2x3xf32>, memref<f32>],
                loom.workgroup_count = array<i64: 1, 1, 1>} {
  llvm.return
}
