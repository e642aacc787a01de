// RUN: loom-opt %s -pass-pipeline='builtin.module(func.func(loom-cpu-vectorize-short-loops))' \
// RUN:   | FileCheck %s
// The annotation survives the lowering to LLVM IR as loop metadata.
// RUN: loom-opt %s -pass-pipeline='builtin.module(func.func(loom-cpu-vectorize-short-loops))' \
// RUN:   | mlir-opt --convert-scf-to-cf --convert-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=IR

// CHECK-DAG: #[[VECTORIZE:.*]] = #llvm.loop_vectorize<disable = false>
// CHECK-DAG: #[[ANNOTATION:.*]] = #llvm.loop_annotation<vectorize = #[[VECTORIZE]]>
// IR: br label %{{.*}}, !llvm.loop ![[LOOP:[0-9]+]]
// IR: ![[LOOP]] = distinct !{![[LOOP]], ![[ENABLE:[0-9]+]]}
// IR: ![[ENABLE]] = !{!"llvm.loop.vectorize.enable", i1 true}

// A row of 14 in a nest: only the innermost loop is annotated.
// CHECK-LABEL: func.func @row_of_fourteen
// CHECK: scf.for
// CHECK: scf.for
// CHECK: } {loop_annotation = #[[ANNOTATION]]}
// CHECK-NEXT: }
// CHECK-NOT: loop_annotation
func.func @row_of_fourteen(%a: memref<8x14xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c14 = arith.constant 14 : index
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c14 step %c1 {
      %x = memref.load %a[%i, %j] : memref<8x14xf32>
      %y = arith.addf %x, %x : f32
      memref.store %y, %a[%i, %j] : memref<8x14xf32>
    }
  }
  return
}

// 16 trips and more LLVM vectorizes unasked; below 4 there is nothing to
// gain; unknown trip counts are left to LLVM.
// CHECK-LABEL: func.func @negative_long_tiny_and_dynamic
// CHECK-NOT: loop_annotation
func.func @negative_long_tiny_and_dynamic(%a: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c16 = arith.constant 16 : index
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %a[%i] : memref<?xf32>
    memref.store %x, %a[%i] : memref<?xf32>
  }
  scf.for %i = %c0 to %c3 step %c1 {
    %x = memref.load %a[%i] : memref<?xf32>
    memref.store %x, %a[%i] : memref<?xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf32>
    memref.store %x, %a[%i] : memref<?xf32>
  }
  return
}
