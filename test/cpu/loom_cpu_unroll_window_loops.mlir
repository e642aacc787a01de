// RUN: loom-opt %s -pass-pipeline='builtin.module(func.func(loom-cpu-unroll-window-loops))' \
// RUN:   | FileCheck %s

// A depthwise convolution's tile (channel, output row, 3x3 window, output
// column): the column loop moves outside the window, whose nine positions
// are unrolled into its body in row-major order.
// CHECK-LABEL: func.func @depthwise_3x3
// CHECK-NOT: linalg.generic
// CHECK: scf.for %[[C:.*]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT: scf.for %[[COL:.*]] = %{{.*}} to %{{.*}} step
// CHECK-NOT: scf.for
// CHECK-COUNT-9: arith.mulf
// CHECK-NOT: arith.mulf
// CHECK: memref.store
// CHECK-NOT: scf.for
#input = affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>
#filter = affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>
#output = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
func.func @depthwise_3x3(%in: memref<8x30x30xf32>, %w: memref<8x3x3xf32>,
                         %out: memref<8x28x28xf32>) {
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<8x30x30xf32>, memref<8x3x3xf32>)
      outs(%out : memref<8x28x28xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A 7x7 window (global pooling of a 7x7 map) is larger than
// max-window-size: left alone.
// CHECK-LABEL: func.func @window_too_large
// CHECK: linalg.generic
func.func @window_too_large(%in: memref<8x7x7xf32>, %window: memref<7x7xf32>,
                            %out: memref<8x1x1xf32>) {
  linalg.generic {indexing_maps = [affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (kh, kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %window : memref<8x7x7xf32>, memref<7x7xf32>)
      outs(%out : memref<8x1x1xf32>) {
  ^bb0(%x: f32, %unused: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  }
  return
}

// A row-wise reduction (innermost loop a reduction) and an op on tensors
// are left alone.
// CHECK-LABEL: func.func @not_a_window
// CHECK: linalg.generic
// CHECK: linalg.generic
func.func @not_a_window(%a: memref<8x3xf32>, %b: memref<8xf32>,
                        %t: tensor<3x8xf32>, %u: tensor<8xf32>) -> tensor<8xf32> {
  linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>,
                                   affine_map<(i, k) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<8x3xf32>) outs(%b : memref<8xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  }
  %r = linalg.generic {indexing_maps = [affine_map<(k, i) -> (k, i)>,
                                        affine_map<(k, i) -> (i)>],
                       iterator_types = ["reduction", "parallel"]}
      ins(%t : tensor<3x8xf32>) outs(%u : tensor<8xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}
