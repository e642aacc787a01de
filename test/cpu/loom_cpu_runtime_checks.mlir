// RUN: loom-opt %s -loom-cpu-runtime-checks -split-input-file | FileCheck %s

// Each cf.assert of a kernel becomes check n, numbered over the module in
// order: a trailing memref<i32> status argument takes n where the
// assertion fails while the status is still 0, and the kernel runs on. The
// messages go into the exported table, each ended by a NUL.
// CHECK-LABEL: func.func @two_checks
// CHECK-SAME: (%{{.*}}: memref<4xi64>, %{{.*}}: index, %[[STATUS:.*]]: memref<i32>)
// CHECK: scf.for
// CHECK: %[[INSIDE:.*]] = arith.cmpi ult
// CHECK: %[[OLD:.*]] = memref.load %[[STATUS]][] : memref<i32>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[CLEAN:.*]] = arith.cmpi eq, %[[OLD]], %[[ZERO]] : i32
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[FAILS:.*]] = arith.xori %[[INSIDE]], %[[TRUE]] : i1
// CHECK: %[[FIRST:.*]] = arith.andi %[[CLEAN]], %[[FAILS]] : i1
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[NEW:.*]] = arith.select %[[FIRST]], %[[ONE]], %[[OLD]] : i32
// CHECK: memref.store %[[NEW]], %[[STATUS]][] : memref<i32>
// CHECK: %[[TWO:.*]] = arith.constant 2 : i32
// CHECK: arith.select %{{.*}}, %[[TWO]], %{{.*}} : i32
// CHECK-NOT: cf.assert
// A kernel without assertions keeps its arguments.
// CHECK-LABEL: func.func @no_checks
// CHECK-SAME: (%{{.*}}: memref<4xf32>)
// CHECK-LABEL: func.func @third_check
// CHECK-SAME: %{{.*}}: memref<i32>)
// CHECK: arith.constant 3 : i32
// Functions that are not kernels are left alone.
// CHECK-LABEL: func.func @not_a_kernel
// CHECK: cf.assert
// CHECK: llvm.mlir.global external constant @loom_kernel_checks("first\00second\00third\00")
// CHECK: llvm.mlir.global external constant @loom_kernel_checks_size(19 : i32)
func.func @two_checks(%ids: memref<4xi64>, %size: index) attributes {loom.kernel = #loom.kernel<generic>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %id = memref.load %ids[%i] : memref<4xi64>
    %position = arith.index_cast %id : i64 to index
    %inside = arith.cmpi ult, %position, %size : index
    cf.assert %inside, "first"
    %positive = arith.cmpi sgt, %position, %c0 : index
    cf.assert %positive, "second"
  }
  return
}
func.func @no_checks(%x: memref<4xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
  return
}
func.func @third_check(%x: i1) attributes {loom.kernel = #loom.kernel<generic>} {
  cf.assert %x, "third"
  return
}
func.func @not_a_kernel(%x: i1) {
  cf.assert %x, "not mine"
  return
}

// -----

// A module without checks still exports an empty table.
// CHECK: llvm.mlir.global external constant @loom_kernel_checks("")
// CHECK: llvm.mlir.global external constant @loom_kernel_checks_size(0 : i32)
func.func @plain(%x: memref<4xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
  return
}
