// RUN: not loom-opt %s -split-input-file -loom-cuda-outline-kernels 2>&1 \
// RUN:   | FileCheck %s
// RUN: not loom-opt %s -split-input-file -loom-cuda-outline-kernels='block-size=2048' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD

// BAD: cuda: block-size must be 1 to 1024, not 2048

// A temporary that did not become stack memory is refused, naming the
// kernel.
// CHECK: cuda: kernel @big needs a temporary 'memref<65536xf32>' per thread
func.func @big(%a: memref<65536xf32>, %b: memref<65536xf32>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %t = memref.alloc() : memref<65536xf32>
  memref.copy %a, %t : memref<65536xf32> to memref<65536xf32>
  memref.copy %t, %b : memref<65536xf32> to memref<65536xf32>
  return
}

// -----

// A kernel that still returns a value after bufferization.
// CHECK: cuda: kernel @returns still has results after bufferization
func.func @returns(%a: memref<4xf32>) -> f32
    attributes {loom.kernel = #loom.kernel<generic>} {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf32>
  return %x : f32
}
