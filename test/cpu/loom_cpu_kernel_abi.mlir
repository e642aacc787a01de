// RUN: loom-opt %s -loom-cpu-kernel-abi -split-input-file -verify-diagnostics | FileCheck %s

// The implementation becomes internal. The entry first checks the
// dispatch: buffer_count must be 2 (else -1), and buffer_sizes[i] at least
// the bytes of buffer i (else -2 - i, the lowest i winning: the selects run
// from the last buffer down), before it reads any buffer. Then it reads
// each buffer pointer from dispatch->buffers and passes it as a static
// memref descriptor (allocated = aligned pointer, offset 0, sizes,
// row-major strides), then the linear workgroup id and count of the 3-D
// grid, and returns 0.
// CHECK: llvm.func internal @scale.impl(
// CHECK-NOT: loom.
// CHECK: llvm.func @scale(%[[DISPATCH:.*]]: !llvm.ptr) -> i32
// CHECK: %[[COUNT_ADDRESS:.*]] = llvm.getelementptr %[[DISPATCH]][0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, array<3 x i32>, array<3 x i32>)>
// CHECK: %[[COUNT:.*]] = llvm.load %[[COUNT_ADDRESS]] : !llvm.ptr -> i32
// CHECK: %[[TWO:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK: %[[COUNT_FITS:.*]] = llvm.icmp "eq" %[[COUNT]], %[[TWO]] : i32
// CHECK: %[[BAD_COUNT:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK: llvm.cond_br %[[COUNT_FITS]], ^[[SIZES:.*]], ^[[FAIL:.*]](%[[BAD_COUNT]] : i32)
// CHECK: ^[[SIZES]]:
// CHECK: %[[SIZES_ADDRESS:.*]] = llvm.getelementptr %[[DISPATCH]][0, 1]
// CHECK: %[[SIZE_ARRAY:.*]] = llvm.load %[[SIZES_ADDRESS]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[OK:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK: %[[SIZE1_ADDRESS:.*]] = llvm.getelementptr %[[SIZE_ARRAY]][1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK: %[[SIZE1:.*]] = llvm.load %[[SIZE1_ADDRESS]] : !llvm.ptr -> i64
// CHECK: %[[BYTES1:.*]] = llvm.mlir.constant(4 : i64) : i64
// CHECK: %[[SMALL1:.*]] = llvm.icmp "ult" %[[SIZE1]], %[[BYTES1]] : i64
// CHECK: %[[CODE1:.*]] = llvm.mlir.constant(-3 : i32) : i32
// CHECK: %[[STATUS1:.*]] = llvm.select %[[SMALL1]], %[[CODE1]], %[[OK]] : i1, i32
// CHECK: %[[SIZE0_ADDRESS:.*]] = llvm.getelementptr %[[SIZE_ARRAY]][0] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK: %[[SIZE0:.*]] = llvm.load %[[SIZE0_ADDRESS]] : !llvm.ptr -> i64
// CHECK: %[[BYTES0:.*]] = llvm.mlir.constant(24 : i64) : i64
// CHECK: %[[SMALL0:.*]] = llvm.icmp "ult" %[[SIZE0]], %[[BYTES0]] : i64
// CHECK: %[[CODE0:.*]] = llvm.mlir.constant(-2 : i32) : i32
// CHECK: %[[STATUS:.*]] = llvm.select %[[SMALL0]], %[[CODE0]], %[[STATUS1]] : i1, i32
// CHECK: %[[FITS:.*]] = llvm.icmp "eq" %[[STATUS]], %{{.*}} : i32
// CHECK: llvm.cond_br %[[FITS]], ^[[CALL:.*]], ^[[FAIL]](%[[STATUS]] : i32)
// CHECK: ^[[CALL]]:
// CHECK: %[[BUFFERS:.*]] = llvm.load %[[DISPATCH]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SLOT0:.*]] = llvm.getelementptr %[[BUFFERS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[IN:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SLOT1:.*]] = llvm.getelementptr %[[BUFFERS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[OUT:.*]] = llvm.load %[[SLOT1]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.getelementptr %[[DISPATCH]][0, 3, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i32, array<3 x i32>, array<3 x i32>)>
// CHECK: llvm.getelementptr %[[DISPATCH]][0, 4, 2]
// CHECK: %[[ZERO:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK: llvm.call @scale.impl(%[[IN]], %[[IN]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]], %[[OUT]], %{{.*}}, %[[ID:.*]], %[[COUNT:.*]]) :
// CHECK: llvm.return %[[ZERO]] : i32
// CHECK: ^[[FAIL]](%[[CODE:.*]]: i32):
// CHECK: llvm.return %[[CODE]] : i32
// CHECK: llvm.mlir.global external constant @loom_kernel_abi_version(1 : i32) {addr_space = 0 : i32} : i32
llvm.func @scale(%in_allocated: !llvm.ptr, %in_aligned: !llvm.ptr, %in_offset: i64,
                 %in_size0: i64, %in_size1: i64, %in_stride0: i64, %in_stride1: i64,
                 %out_allocated: !llvm.ptr, %out_aligned: !llvm.ptr, %out_offset: i64,
                 %id: i64, %count: i64)
    attributes {loom.kernel = #loom.kernel<generic>, loom.kernel_buffers = [memref<2x3xf32>, memref<f32>],
                loom.workgroup_count = array<i64: 1, 1, 1>} {
  llvm.return
}

// -----

// An implementation with the status argument of loom-cpu-runtime-checks
// (three more arguments: a rank-0 memref<i32> descriptor) gets a zeroed slot
// of the entry, allocated in its first block, and the entry returns what
// the implementation left there. An i1 buffer takes a byte per element.
// CHECK: llvm.func @checked(%[[DISPATCH:.*]]: !llvm.ptr) -> i32
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: %[[SLOT:.*]] = llvm.alloca %[[ONE]] x i32 {alignment = 4 : i64} : (i64) -> !llvm.ptr
// CHECK: llvm.mlir.constant(1 : i32) : i32
// CHECK: llvm.mlir.constant(8 : i64) : i64
// CHECK: llvm.store %{{.*}}, %[[SLOT]] : i32, !llvm.ptr
// CHECK: llvm.call @checked.impl(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[SLOT]], %[[SLOT]], %{{.*}}) :
// CHECK: %[[STATUS:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> i32
// CHECK: llvm.return %[[STATUS]] : i32
llvm.func @checked(%allocated: !llvm.ptr, %aligned: !llvm.ptr, %offset: i64, %size: i64, %stride: i64,
                   %id: i64, %count: i64,
                   %status_allocated: !llvm.ptr, %status_aligned: !llvm.ptr, %status_offset: i64)
    attributes {loom.kernel = #loom.kernel<generic>, loom.kernel_buffers = [memref<8xi1>],
                loom.workgroup_count = array<i64: 1, 1, 1>} {
  llvm.return
}

// -----

// Any other argument count is an error.
// expected-error@+1 {{kernel implementation takes 2 arguments, but its buffers need 7 (or 10 with a status)}}
llvm.func @wrong(%a: !llvm.ptr, %b: !llvm.ptr)
    attributes {loom.kernel = #loom.kernel<generic>, loom.kernel_buffers = [memref<8xi1>],
                loom.workgroup_count = array<i64: 1, 1, 1>} {
  llvm.return
}
