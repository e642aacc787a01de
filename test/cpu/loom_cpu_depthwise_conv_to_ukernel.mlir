// RUN: loom-opt %s -split-input-file -loom-cpu-depthwise-conv-to-ukernel | FileCheck %s

// A depthwise tile as bufferization leaves it: the convolution into a zero
// filled temporary, then bias + ReLU6 into the output. The fill and the
// epilogue go away; one call writes the output (flags 0) with the bias and
// the clamp to [0, 6].
// CHECK-LABEL: func.func @fused_bias_relu6
// CHECK-SAME: (%[[IN:.*]]: memref<8x30x30xf32>, %[[W:.*]]: memref<8x3x3xf32>, %[[B:.*]]: memref<8xf32>, %[[OUT:.*]]: memref<8x28x28xf32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[IN_PTR:.*]] = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr
// CHECK: %[[IN_PLANE:.*]] = arith.index_cast %{{.*}}#0 : index to i64
// CHECK: %[[IN_ROW:.*]] = arith.index_cast %{{.*}}#1 : index to i64
// CHECK: memref.extract_strided_metadata %[[W]]
// CHECK: memref.extract_strided_metadata %[[OUT]]
// CHECK: %[[OUT_PTR:.*]] = llvm.inttoptr
// CHECK: %[[NO_PAD:.*]] = arith.constant 0 : i64
// CHECK: %{{.*}}, %{{.*}}, %{{.*}}, %[[B_STRIDES:.*]] = memref.extract_strided_metadata %[[B]]
// CHECK: %[[B_PTR:.*]] = llvm.inttoptr
// CHECK: %[[B_STRIDE:.*]] = arith.index_cast %[[B_STRIDES]] : index to i64
// CHECK: %[[IN_HD:.*]] = memref.dim %[[IN]], %{{.*}} : memref<8x30x30xf32>
// CHECK: %[[IN_H:.*]] = arith.index_cast %[[IN_HD]] : index to i64
// CHECK: %[[IN_WD:.*]] = memref.dim %[[IN]], %{{.*}} : memref<8x30x30xf32>
// CHECK: %[[IN_W:.*]] = arith.index_cast %[[IN_WD]] : index to i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK: call @loom_ukernel_depthwise_conv2d_f32(%[[IN_PTR]], %[[IN_PLANE]], %[[IN_ROW]], %[[IN_H]], %[[IN_W]], %[[NO_PAD]], %[[NO_PAD]], %{{.*}}, %{{.*}}, %{{.*}}, %[[B_PTR]], %[[B_STRIDE]], %[[OUT_PTR]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[LO]], %[[HI]], %[[FLAGS]])
// CHECK-NOT: linalg.generic
// CHECK: func.func private @loom_ukernel_depthwise_conv2d_f32(!llvm.ptr, i64, i64, i64, i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, f32, f32, i32)
#input = affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>
#filter = affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>
#output = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
#identity = affine_map<(c, h, w) -> (c, h, w)>
#channel = affine_map<(c, h, w) -> (c)>
func.func @fused_bias_relu6(%in: memref<8x30x30xf32>, %w: memref<8x3x3xf32>,
                            %b: memref<8xf32>, %out: memref<8x28x28xf32>) {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x28x28xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x28x28xf32>)
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<8x30x30xf32>, memref<8x3x3xf32>)
      outs(%acc : memref<8x28x28xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#identity, #channel, #identity],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%acc, %b : memref<8x28x28xf32>, memref<8xf32>)
      outs(%out : memref<8x28x28xf32>) {
  ^bb0(%x: f32, %bias: f32, %unused: f32):
    %s = arith.addf %x, %bias : f32
    %lo = arith.maximumf %s, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  }
  memref.dealloc %acc : memref<8x28x28xf32>
  return
}

// -----

// No fill: the call accumulates (flags 1); a ReLU applied in place is its
// epilogue, with no bias (a null pointer) and no upper bound.
// CHECK-LABEL: func.func @accumulates_relu_in_place
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[HI:.*]] = arith.constant 0x7F800000 : f32
// CHECK: %[[FLAGS:.*]] = arith.constant 1 : i32
// CHECK: call @loom_ukernel_depthwise_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[NULL]], %{{.*}}, {{.*}}, %[[LO]], %[[HI]], %[[FLAGS]])
// CHECK-NOT: linalg.generic
#input = affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>
#filter = affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>
#output = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
#identity = affine_map<(c, h, w) -> (c, h, w)>
func.func @accumulates_relu_in_place(%in: memref<4x9x9xf32>, %w: memref<4x3x3xf32>,
                                     %out: memref<4x7x7xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<4x9x9xf32>, memref<4x3x3xf32>)
      outs(%out : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %y, %x : f32
    %s = arith.addf %m, %a : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#identity, #identity],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%out : memref<4x7x7xf32>) outs(%out : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A bias that is one constant for every channel (a splat folded into the
// epilogue) is stored once at the function's entry and passed with stride 0;
// the output is a view made after the convolution, so the call goes where
// the epilogue was.
// CHECK-LABEL: func.func @constant_bias_into_view
// CHECK-SAME: (%[[IN:.*]]: memref<4x9x9xf32>, %[[W:.*]]: memref<4x3x3xf32>, %[[OUT:.*]]: memref<8x7x7xf32>)
// CHECK: %[[SLOT:.*]] = memref.alloca() : memref<1xf32>
// CHECK: %[[BIAS:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: memref.store %[[BIAS]], %[[SLOT]]
// CHECK: memref.extract_aligned_pointer_as_index %[[SLOT]]
// CHECK: %[[B_PTR:.*]] = llvm.inttoptr
// CHECK: %[[VIEW:.*]] = memref.subview %[[OUT]][4, 0, 0] [4, 7, 7] [1, 1, 1]
// CHECK: memref.extract_strided_metadata %[[VIEW]]
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: call @loom_ukernel_depthwise_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[B_PTR]], %[[ZERO]],
// CHECK-NOT: linalg.generic
#input = affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>
#filter = affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>
#output = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
#identity = affine_map<(c, h, w) -> (c, h, w)>
func.func @constant_bias_into_view(%in: memref<4x9x9xf32>, %w: memref<4x3x3xf32>,
                                   %out: memref<8x7x7xf32>) {
  %zero = arith.constant 0.0 : f32
  %bias = arith.constant 0.25 : f32
  %acc = memref.alloc() : memref<4x7x7xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<4x7x7xf32>)
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<4x9x9xf32>, memref<4x3x3xf32>)
      outs(%acc : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  %view = memref.subview %out[4, 0, 0] [4, 7, 7] [1, 1, 1] : memref<8x7x7xf32> to memref<4x7x7xf32, strided<[49, 7, 1], offset: 196>>
  linalg.generic {indexing_maps = [#identity, #identity],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%acc : memref<4x7x7xf32>) outs(%view : memref<4x7x7xf32, strided<[49, 7, 1], offset: 196>>) {
  ^bb0(%x: f32, %unused: f32):
    %s = arith.addf %bias, %x : f32
    linalg.yield %s : f32
  }
  memref.dealloc %acc : memref<4x7x7xf32>
  return
}

// -----

// A batch of 2 at stride 2 with strided (tile) operands: one call per image
// on rank-reduced planes, steps (2, 2), no epilogue (infinite bounds).
// CHECK-LABEL: func.func @batched_stride2
// CHECK-SAME: (%[[IN:.*]]: memref<2x4x17x17xf32, strided<[2000, 400, 20, 1], offset: ?>>, %[[W:.*]]: memref<4x3x3xf32>, %[[OUT:.*]]: memref<2x4x8x8xf32>)
// CHECK: %[[N:.*]] = memref.dim %[[OUT]], %{{.*}} : memref<2x4x8x8xf32>
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[N]] step %{{.*}} {
// CHECK: memref.subview %[[IN]][%[[I]], 0, 0, 0] [1, 4, 17, 17] [1, 1, 1, 1] : memref<2x4x17x17xf32, strided<[2000, 400, 20, 1], offset: ?>> to memref<4x17x17xf32, strided<[400, 20, 1], offset: ?>>
// CHECK: memref.subview %[[OUT]][%[[I]], 0, 0, 0] [1, 4, 8, 8] [1, 1, 1, 1]
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[LO:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 0x7F800000 : f32
// CHECK: call @loom_ukernel_depthwise_conv2d_f32({{.*}}, %[[TWO]], %[[TWO]], %[[ONE]], %[[ONE]], %[[LO]], %[[HI]], %{{.*}})
// CHECK: }
// CHECK-NOT: linalg.generic
func.func @batched_stride2(%in: memref<2x4x17x17xf32, strided<[2000, 400, 20, 1], offset: ?>>,
                           %w: memref<4x3x3xf32>, %out: memref<2x4x8x8xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<2x4x8x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(n, c, oh, kh, kw, ow) -> (n, c, oh * 2 + kh, ow * 2 + kw)>,
                                   affine_map<(n, c, oh, kh, kw, ow) -> (c, kh, kw)>,
                                   affine_map<(n, c, oh, kh, kw, ow) -> (n, c, oh, ow)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<2x4x17x17xf32, strided<[2000, 400, 20, 1], offset: ?>>, memref<4x3x3xf32>)
      outs(%out : memref<2x4x8x8xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// An epilogue that is not bias + clamp (a multiply), and one whose
// temporary is read again afterwards, stay generics after the call, which
// then writes the convolution's own output.
// CHECK-LABEL: func.func @negative_epilogues
// CHECK: call @loom_ukernel_depthwise_conv2d_f32
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: call @loom_ukernel_depthwise_conv2d_f32
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: memref.copy
#input = affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>
#filter = affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>
#output = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
#identity = affine_map<(c, h, w) -> (c, h, w)>
func.func @negative_epilogues(%in: memref<4x9x9xf32>, %w: memref<4x3x3xf32>,
                              %out: memref<4x7x7xf32>, %other: memref<4x7x7xf32>) {
  %zero = arith.constant 0.0 : f32
  %two = arith.constant 2.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<4x7x7xf32>)
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<4x9x9xf32>, memref<4x3x3xf32>)
      outs(%out : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#identity, #identity],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%out : memref<4x7x7xf32>) outs(%out : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %r = arith.mulf %x, %two : f32
    linalg.yield %r : f32
  }
  %acc = memref.alloc() : memref<4x7x7xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<4x7x7xf32>)
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<4x9x9xf32>, memref<4x3x3xf32>)
      outs(%acc : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#identity, #identity],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%acc : memref<4x7x7xf32>) outs(%other : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.copy %acc, %out : memref<4x7x7xf32> to memref<4x7x7xf32>
  return
}

// -----

// Not depthwise convolutions for the micro-kernel: a pool (no filter), the
// window summed column-major (kw outside kh), f64, and an input row that is
// not contiguous.
// CHECK-LABEL: func.func @negative_not_depthwise
// CHECK-NOT: call
// CHECK-COUNT-4: linalg.generic
// CHECK-NOT: call
func.func @negative_not_depthwise(%in: memref<4x9x9xf32>, %window: memref<3x3xf32>,
                                  %w: memref<4x3x3xf32>, %out: memref<4x7x7xf32>,
                                  %in64: memref<4x9x9xf64>, %w64: memref<4x3x3xf64>,
                                  %out64: memref<4x7x7xf64>,
                                  %strided: memref<4x9x9xf32, strided<[162, 18, 2]>>) {
  linalg.generic {indexing_maps = [affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (kh, kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %window : memref<4x9x9xf32>, memref<3x3xf32>)
      outs(%out : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %unused: f32, %a: f32):
    %s = arith.addf %a, %x : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(c, oh, kw, kh, ow) -> (c, oh + kh, ow + kw)>,
                                   affine_map<(c, oh, kw, kh, ow) -> (c, kh, kw)>,
                                   affine_map<(c, oh, kw, kh, ow) -> (c, oh, ow)>],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in, %w : memref<4x9x9xf32>, memref<4x3x3xf32>)
      outs(%out : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%in64, %w64 : memref<4x9x9xf64>, memref<4x3x3xf64>)
      outs(%out64 : memref<4x7x7xf64>) {
  ^bb0(%x: f64, %y: f64, %a: f64):
    %m = arith.mulf %x, %y : f64
    %s = arith.addf %a, %m : f64
    linalg.yield %s : f64
  }
  linalg.generic {indexing_maps = [affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>,
                                   affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%strided, %w : memref<4x9x9xf32, strided<[162, 18, 2]>>, memref<4x3x3xf32>)
      outs(%out : memref<4x7x7xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// The convolution reads a zero-padded copy of its input, as bufferization
// makes it of a tensor.pad (an allocation filled by a linalg.map, the input
// copied into its interior): the call reads the input itself, 12 x 12, with
// one row and one column of implicit padding above and left, and the copy
// goes.
// CHECK-LABEL: func.func @padded_copy_read_in_place
// CHECK-SAME: (%[[IN:.*]]: memref<2x4x12x12xf32>, %[[W:.*]]: memref<4x3x3xf32>, %[[OUT:.*]]: memref<2x4x6x6xf32>)
// CHECK-NOT: memref.alloc
// CHECK-NOT: linalg.map
// CHECK-NOT: memref.copy
// CHECK: scf.for %[[I:.*]] =
// CHECK: %[[SLICE:.*]] = memref.subview %[[IN]][%[[I]], 0, 0, 0] [1, 4, 12, 12] [1, 1, 1, 1]
// CHECK: memref.extract_strided_metadata %[[SLICE]]
// CHECK: memref.dim %[[SLICE]]
// CHECK: memref.dim %[[SLICE]]
// CHECK-DAG: %[[PAD:.*]] = arith.constant 1 : i64
// CHECK: call @loom_ukernel_depthwise_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[PAD]], %[[PAD]],
// CHECK-NOT: memref.copy
#input = affine_map<(n, c, oh, kh, kw, ow) -> (n, c, oh * 2 + kh, ow * 2 + kw)>
#filter = affine_map<(n, c, oh, kh, kw, ow) -> (c, kh, kw)>
#output = affine_map<(n, c, oh, kh, kw, ow) -> (n, c, oh, ow)>
func.func @padded_copy_read_in_place(%in: memref<2x4x12x12xf32>, %w: memref<4x3x3xf32>,
                                     %out: memref<2x4x6x6xf32>) {
  %zero = arith.constant 0.0 : f32
  %padded = memref.alloc() {alignment = 64 : i64} : memref<2x4x13x13xf32>
  linalg.map outs(%padded : memref<2x4x13x13xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %interior = memref.subview %padded[0, 0, 1, 1] [2, 4, 12, 12] [1, 1, 1, 1]
      : memref<2x4x13x13xf32> to memref<2x4x12x12xf32, strided<[676, 169, 13, 1], offset: 14>>
  memref.copy %in, %interior : memref<2x4x12x12xf32> to memref<2x4x12x12xf32, strided<[676, 169, 13, 1], offset: 14>>
  linalg.fill ins(%zero : f32) outs(%out : memref<2x4x6x6xf32>)
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "parallel",
                                    "reduction", "reduction", "parallel"]}
      ins(%padded, %w : memref<2x4x13x13xf32>, memref<4x3x3xf32>)
      outs(%out : memref<2x4x6x6xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  }
  memref.dealloc %padded : memref<2x4x13x13xf32>
  return
}

// -----

// Copies that stay: padded with -0 (not the zero the micro-kernel pads
// with), and one that something else reads too. Both calls read the padded
// buffer with no implicit padding.
// CHECK-LABEL: func.func @negative_padded_copies
// CHECK: %[[NEG:.*]] = memref.alloc() {{.*}} : memref<4x11x11xf32>
// CHECK: linalg.fill
// CHECK: memref.copy
// CHECK: %[[SHARED:.*]] = memref.alloc() {{.*}} : memref<4x11x11xf32>
// CHECK: linalg.fill
// CHECK: memref.copy
// CHECK-DAG: %[[NO_PAD:.*]] = arith.constant 0 : i64
// CHECK: call @loom_ukernel_depthwise_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[NO_PAD]], %[[NO_PAD]],
// CHECK: call @loom_ukernel_depthwise_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}},
// CHECK: memref.copy %[[SHARED]]
#input = affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>
#filter = affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>
#output = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
func.func @negative_padded_copies(%in: memref<4x9x9xf32>, %w: memref<4x3x3xf32>,
                                  %out: memref<4x9x9xf32>, %out2: memref<4x9x9xf32>,
                                  %keep: memref<4x11x11xf32>) {
  %negzero = arith.constant -0.0 : f32
  %zero = arith.constant 0.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<4x11x11xf32>
  linalg.fill ins(%negzero : f32) outs(%a : memref<4x11x11xf32>)
  %ai = memref.subview %a[0, 1, 1] [4, 9, 9] [1, 1, 1]
      : memref<4x11x11xf32> to memref<4x9x9xf32, strided<[121, 11, 1], offset: 12>>
  memref.copy %in, %ai : memref<4x9x9xf32> to memref<4x9x9xf32, strided<[121, 11, 1], offset: 12>>
  %b = memref.alloc() {alignment = 64 : i64} : memref<4x11x11xf32>
  linalg.fill ins(%zero : f32) outs(%b : memref<4x11x11xf32>)
  %bi = memref.subview %b[0, 1, 1] [4, 9, 9] [1, 1, 1]
      : memref<4x11x11xf32> to memref<4x9x9xf32, strided<[121, 11, 1], offset: 12>>
  memref.copy %in, %bi : memref<4x9x9xf32> to memref<4x9x9xf32, strided<[121, 11, 1], offset: 12>>
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%a, %w : memref<4x11x11xf32>, memref<4x3x3xf32>)
      outs(%out : memref<4x9x9xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#input, #filter, #output],
                  iterator_types = ["parallel", "parallel", "reduction",
                                    "reduction", "parallel"]}
      ins(%b, %w : memref<4x11x11xf32>, memref<4x3x3xf32>)
      outs(%out2 : memref<4x9x9xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  memref.copy %b, %keep : memref<4x11x11xf32> to memref<4x11x11xf32>
  return
}
