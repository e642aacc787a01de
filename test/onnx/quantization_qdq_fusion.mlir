// QDQ convolutions, QuantizeLinear([Relu](Conv(DQ(x), DQ(w), [DQ(b)]))),
// are rewritten to QLinearConv before the import, and QDQ Gemms to the
// same integer product (as ONNX Runtime fuses
// them): an exact integer convolution (loom.conv_integer of the 8-bit
// values, its zero points taken out in i32) requantized once, instead of a float convolution of the
// dequantized values whose rounding the order of its sums decides. Only where
// the rewrite keeps the function: constant scales and zero points, the
// bias at scale x_scale * w_scale with zero point 0, a Relu only before a
// zero point that is the type's lowest value, no other reader.

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/fused.textproto > %t/fused.onnx
// RUN: loomc %t/fused.onnx | FileCheck %s --check-prefix=FUSED
// FUSED-LABEL: func.func @main
// FUSED-NOT: loom.relu
// x's zero point 128 pads x, and x_zero_point * sum(w) per output channel
// (5 * 128 and 45 * 128) is a folded constant.
// FUSED: %[[WSUMS:.*]] = loom.constant dense<{{\[\[\[\[}}640]], {{\[\[}}5760]]]]> : tensor<1x2x1x1xi32>
// FUSED: %[[XP:.*]] = loom.pad %{{.*}} low [0, 0, 1, 1] high [0, 0, 1, 1] mode constant value 1.280000e+02 : (tensor<1x1x3x3xui8>) -> tensor<1x1x5x5xui8>
// FUSED: %[[CONV:.*]] = loom.conv_integer %[[XP]], %{{.*}} strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x1x5x5xui8>, tensor<2x1x3x3xi8>) -> tensor<1x2x3x3xi32>
// FUSED: %[[ACC:.*]] = loom.sub %[[CONV]], %[[WSUMS]]
// FUSED: %[[SUM:.*]] = loom.add %[[ACC]], %{{.*}} : (tensor<1x2x3x3xi32>, tensor<1x2x1x1xi32>) -> tensor<1x2x3x3xi32>
// FUSED: loom.cast %[[SUM]] : tensor<1x2x3x3xi32> to tensor<1x2x3x3xf32>
// FUSED-NOT: loom.relu
// FUSED: return %{{.*}} : tensor<1x2x3x3xui8>

// A Relu before a zero point above the lowest value clips where the
// saturation does not: the float convolution stays.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/relu_zero_point.textproto > %t/relu_zero_point.onnx
// RUN: loomc %t/relu_zero_point.onnx | FileCheck %s --check-prefix=KEEP
// KEEP: loom.conv %{{.*}}, %{{.*}} {{.*}} : (tensor<1x1x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
// KEEP: loom.relu

// A bias whose scale is not x_scale * w_scale.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bias_scale.textproto > %t/bias_scale.onnx
// RUN: loomc %t/bias_scale.onnx | FileCheck %s --check-prefix=KEEP

// The Conv's result read by another node as well.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/two_readers.textproto > %t/two_readers.onnx
// RUN: loomc %t/two_readers.onnx | FileCheck %s --check-prefix=READERS
// READERS: loom.conv %{{.*}}, %{{.*}} {{.*}} : (tensor<1x1x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>

// Gemm (alpha = beta = 1, no transA) the same way, in standard nodes:
// QuantizeLinear(Cast(MatMulInteger(a, b^T) + c) * m, 1, y_zp) with
// m = (a_scale * b_scale) / y_scale = (0.5 * 0.25) / 0.75.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/gemm.textproto > %t/gemm.onnx
// RUN: loomc %t/gemm.onnx | FileCheck %s --check-prefix=GEMM
// a_zero_point * colsum(b) is a folded constant.
// GEMM: %[[COLS:.*]] = loom.constant dense<{{\[\[}}-256, -256, 2560]]> : tensor<1x3xi32>
// GEMM: %[[M:.*]] = loom.constant dense<0.166666672> : tensor<f32>
// GEMM: %[[P:.*]] = loom.matmul_integer %{{.*}}, %{{.*}} : (tensor<2x4xui8>, tensor<4x3xi8>) -> tensor<2x3xi32>
// GEMM: %[[ACC:.*]] = loom.sub %[[P]], %[[COLS]]
// GEMM: %[[SUM:.*]] = loom.add %[[ACC]], %{{.*}} : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
// GEMM: %[[F:.*]] = loom.cast %[[SUM]] : tensor<2x3xi32> to tensor<2x3xf32>
// GEMM: %[[S:.*]] = loom.mul %[[F]], %[[M]]
// GEMM: loom.round
// GEMM: loom.cast %{{.*}} : tensor<2x3xf32> to tensor<2x3xui8>

// A MaxPool between DequantizeLinear and QuantizeLinear of the same scale
// and zero point pools the uint8 values themselves (exactly the same
// function); with another output scale the float pool stays.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/maxpool.textproto > %t/maxpool.onnx
// RUN: loomc %t/maxpool.onnx | FileCheck %s --check-prefix=POOL
// POOL: func.func @main(%[[X:.*]]: tensor<1x2x4x4xui8> {loom.name = "xq"})
// POOL-NEXT: %[[Y:.*]] = loom.max_pool %[[X]] kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<1x2x4x4xui8>) -> tensor<1x2x2x2xui8>
// POOL-NEXT: return %[[Y]]
// RUN: sed -e 's/name: "ys" data_type: 1 float_data: 0.5/name: "ys" data_type: 1 float_data: 0.25/' %t/maxpool.textproto | protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto > %t/maxpool_rescaled.onnx
// RUN: loomc %t/maxpool_rescaled.onnx | FileCheck %s --check-prefix=POOLF
// POOLF: loom.max_pool %{{.*}} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>

//--- fused.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "fused"
  node { input: "xq" input: "xs" input: "xz" output: "x" op_type: "DequantizeLinear" }
  node { input: "wq" input: "ws" input: "wz" output: "w" op_type: "DequantizeLinear" attribute { name: "axis" i: 0 type: INT } }
  node { input: "bq" input: "bs" output: "b" op_type: "DequantizeLinear" attribute { name: "axis" i: 0 type: INT } }
  node { input: "x" input: "w" input: "b" output: "c" op_type: "Conv" attribute { name: "pads" ints: [1, 1, 1, 1] type: INTS } }
  node { input: "c" output: "r" op_type: "Relu" }
  node { input: "r" input: "ys" input: "yz" output: "y" op_type: "QuantizeLinear" }
  initializer { name: "xs" data_type: 1 float_data: 0.5 }
  initializer { name: "xz" data_type: 2 int32_data: 128 }
  initializer { name: "wq" data_type: 3 dims: [2, 1, 3, 3] int32_data: [1, -2, 3, -4, 5, -6, 7, -8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1] }
  initializer { name: "ws" data_type: 1 dims: 2 float_data: [0.25, 0.125] }
  initializer { name: "wz" data_type: 3 dims: 2 int32_data: [0, 0] }
  initializer { name: "bq" data_type: 6 dims: 2 int32_data: [100, -100] }
  initializer { name: "bs" data_type: 1 dims: 2 float_data: [0.125, 0.0625] }
  initializer { name: "ys" data_type: 1 float_data: 0.75 }
  initializer { name: "yz" data_type: 2 int32_data: 0 }
  input { name: "xq" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}

//--- relu_zero_point.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "relu_zero_point"
  node { input: "xq" input: "xs" input: "xz" output: "x" op_type: "DequantizeLinear" }
  node { input: "wq" input: "ws" input: "wz" output: "w" op_type: "DequantizeLinear" attribute { name: "axis" i: 0 type: INT } }
  node { input: "x" input: "w" output: "c" op_type: "Conv" attribute { name: "pads" ints: [1, 1, 1, 1] type: INTS } }
  node { input: "c" output: "r" op_type: "Relu" }
  node { input: "r" input: "ys" input: "yz" output: "y" op_type: "QuantizeLinear" }
  initializer { name: "xs" data_type: 1 float_data: 0.5 }
  initializer { name: "xz" data_type: 2 int32_data: 128 }
  initializer { name: "wq" data_type: 3 dims: [2, 1, 3, 3] int32_data: [1, -2, 3, -4, 5, -6, 7, -8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1] }
  initializer { name: "ws" data_type: 1 dims: 2 float_data: [0.25, 0.125] }
  initializer { name: "wz" data_type: 3 dims: 2 int32_data: [0, 0] }
  initializer { name: "ys" data_type: 1 float_data: 0.75 }
  initializer { name: "yz" data_type: 2 int32_data: 5 }
  input { name: "xq" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}

//--- bias_scale.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "bias_scale"
  node { input: "xq" input: "xs" input: "xz" output: "x" op_type: "DequantizeLinear" }
  node { input: "wq" input: "ws" input: "wz" output: "w" op_type: "DequantizeLinear" attribute { name: "axis" i: 0 type: INT } }
  node { input: "bq" input: "bs" output: "b" op_type: "DequantizeLinear" attribute { name: "axis" i: 0 type: INT } }
  node { input: "x" input: "w" input: "b" output: "c" op_type: "Conv" attribute { name: "pads" ints: [1, 1, 1, 1] type: INTS } }
  node { input: "c" output: "r" op_type: "Relu" }
  node { input: "r" input: "ys" input: "yz" output: "y" op_type: "QuantizeLinear" }
  initializer { name: "xs" data_type: 1 float_data: 0.5 }
  initializer { name: "xz" data_type: 2 int32_data: 128 }
  initializer { name: "wq" data_type: 3 dims: [2, 1, 3, 3] int32_data: [1, -2, 3, -4, 5, -6, 7, -8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1] }
  initializer { name: "ws" data_type: 1 dims: 2 float_data: [0.25, 0.125] }
  initializer { name: "wz" data_type: 3 dims: 2 int32_data: [0, 0] }
  initializer { name: "bq" data_type: 6 dims: 2 int32_data: [100, -100] }
  initializer { name: "bs" data_type: 1 dims: 2 float_data: [0.1, 0.0625] }
  initializer { name: "ys" data_type: 1 float_data: 0.75 }
  initializer { name: "yz" data_type: 2 int32_data: 0 }
  input { name: "xq" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}

//--- two_readers.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "two_readers"
  node { input: "xq" input: "xs" input: "xz" output: "x" op_type: "DequantizeLinear" }
  node { input: "wq" input: "ws" input: "wz" output: "w" op_type: "DequantizeLinear" attribute { name: "axis" i: 0 type: INT } }
  node { input: "x" input: "w" output: "c" op_type: "Conv" attribute { name: "pads" ints: [1, 1, 1, 1] type: INTS } }
  node { input: "c" input: "ys" input: "yz" output: "y" op_type: "QuantizeLinear" }
  initializer { name: "xs" data_type: 1 float_data: 0.5 }
  initializer { name: "xz" data_type: 2 int32_data: 128 }
  initializer { name: "wq" data_type: 3 dims: [2, 1, 3, 3] int32_data: [1, -2, 3, -4, 5, -6, 7, -8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1] }
  initializer { name: "ws" data_type: 1 dims: 2 float_data: [0.25, 0.125] }
  initializer { name: "wz" data_type: 3 dims: 2 int32_data: [0, 0] }
  initializer { name: "ys" data_type: 1 float_data: 0.75 }
  initializer { name: "yz" data_type: 2 int32_data: 0 }
  input { name: "xq" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
  output { name: "c" type { tensor_type { elem_type: 1 } } }
}

//--- gemm.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "gemm"
  node { input: "aq" input: "as" input: "az" output: "a" op_type: "DequantizeLinear" }
  node { input: "bq" input: "bs" input: "bz" output: "b" op_type: "DequantizeLinear" }
  node { input: "cq" input: "cs" output: "c" op_type: "DequantizeLinear" }
  node { input: "a" input: "b" input: "c" output: "g" op_type: "Gemm" attribute { name: "transB" i: 1 type: INT } }
  node { input: "g" input: "ys" input: "yz" output: "y" op_type: "QuantizeLinear" }
  initializer { name: "as" data_type: 1 float_data: 0.5 }
  initializer { name: "az" data_type: 2 int32_data: 128 }
  initializer { name: "bq" data_type: 3 dims: [3, 4] int32_data: [1, -2, 3, -4, 5, -6, 7, -8, 9, 10, -11, 12] }
  initializer { name: "bs" data_type: 1 float_data: 0.25 }
  initializer { name: "bz" data_type: 3 int32_data: 0 }
  initializer { name: "cq" data_type: 6 dims: 3 int32_data: [100, -100, 7] }
  initializer { name: "cs" data_type: 1 float_data: 0.125 }
  initializer { name: "ys" data_type: 1 float_data: 0.75 }
  initializer { name: "yz" data_type: 2 int32_data: 10 }
  input { name: "aq" type { tensor_type { elem_type: 2 shape { dim { dim_value: 2 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}
//--- maxpool.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "maxpool"
  node { input: "xq" input: "xs" input: "xz" output: "x" op_type: "DequantizeLinear" }
  node { input: "x" output: "p" op_type: "MaxPool" attribute { name: "kernel_shape" ints: [3, 3] type: INTS } attribute { name: "strides" ints: [2, 2] type: INTS } attribute { name: "pads" ints: [1, 1, 1, 1] type: INTS } }
  node { input: "p" input: "ys" input: "yz" output: "y" op_type: "QuantizeLinear" }
  initializer { name: "xs" data_type: 1 float_data: 0.5 }
  initializer { name: "xz" data_type: 2 int32_data: 3 }
  initializer { name: "ys" data_type: 1 float_data: 0.5 }
  initializer { name: "yz" data_type: 2 int32_data: 3 }
  input { name: "xq" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 4 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}
