// The quantization family as compositions of loom ops: quantize is
// cast(round(x / scale) + zero_point) (the cast saturates), dequantize
// (int32(x) - int32(zero_point)) * scale, the integer contractions are
// loom.matmul_integer and loom.conv_integer of the 8-bit values with the
// zero points taken out by i32 corrections, and QLinear* requantize the i32 accumulator with (a_scale * b_scale) / y_scale.

// RUN: split-file %s %t
// RUN: loomc %onnx_data/node/test_quantizelinear/model.onnx | FileCheck %s --check-prefix=Q
// Q: func.func @main(%[[X:.*]]: tensor<6xf32> {loom.name = "x"}, %[[S:.*]]: tensor<f32> {loom.name = "y_scale"}, %[[Z:.*]]: tensor<ui8> {loom.name = "y_zero_point"}) -> (tensor<6xui8> {loom.name = "y"})
// Q: %[[D:.*]] = loom.div %[[X]], %[[S]] : (tensor<6xf32>, tensor<f32>) -> tensor<6xf32>
// Q: %[[R:.*]] = loom.round %[[D]] : tensor<6xf32>
// Q: %[[ZF:.*]] = loom.cast %[[Z]] : tensor<ui8> to tensor<f32>
// Q: %[[A:.*]] = loom.add %[[R]], %[[ZF]]
// Q: loom.cast %[[A]] : tensor<6xf32> to tensor<6xui8>

// Per axis (axis 1 by default): the scale and zero point are reshaped to
// broadcast along that axis.
// RUN: loomc %onnx_data/node/test_quantizelinear_axis/model.onnx | FileCheck %s --check-prefix=QAXIS
// QAXIS: loom.reshape %{{.*}} : tensor<3xf32> to tensor<1x3x1x1xf32>
// QAXIS: loom.reshape %{{.*}} : tensor<3xui8> to tensor<1x3x1x1xui8>

// RUN: loomc %onnx_data/node/test_dequantizelinear/model.onnx | FileCheck %s --check-prefix=DQ
// DQ: func.func @main(%[[X:.*]]: tensor<4xui8> {loom.name = "x"}, %[[S:.*]]: tensor<f32> {loom.name = "x_scale"}, %[[Z:.*]]: tensor<ui8> {loom.name = "x_zero_point"})
// DQ: %[[XI:.*]] = loom.cast %[[X]] : tensor<4xui8> to tensor<4xi32>
// DQ: %[[ZI:.*]] = loom.cast %[[Z]] : tensor<ui8> to tensor<i32>
// DQ: %[[C:.*]] = loom.sub %[[XI]], %[[ZI]]
// DQ: %[[CF:.*]] = loom.cast %[[C]] : tensor<4xi32> to tensor<4xf32>
// DQ: loom.mul %[[CF]], %[[S]]

// The range widened to include 0; the zero point rounded and saturated
// before it quantizes x.
// RUN: loomc %onnx_data/node/test_dynamicquantizelinear/model.onnx | FileCheck %s --check-prefix=DYN
// DYN: -> (tensor<6xui8> {loom.name = "y"}, tensor<f32> {loom.name = "y_scale"}, tensor<ui8> {loom.name = "y_zero_point"})
// DYN: %[[ZERO:.*]] = loom.constant dense<0.000000e+00> : tensor<f32>
// DYN: %[[MIN:.*]] = loom.reduce_min %{{.*}} axes [0] : (tensor<6xf32>) -> tensor<f32>
// DYN: %[[LOW:.*]] = loom.min %[[MIN]], %[[ZERO]]
// DYN: %[[MAX:.*]] = loom.reduce_max %{{.*}} axes [0] : (tensor<6xf32>) -> tensor<f32>
// DYN: %[[HIGH:.*]] = loom.max %[[MAX]], %[[ZERO]]
// DYN: %[[RANGE:.*]] = loom.sub %[[HIGH]], %[[LOW]]
// DYN: %[[SCALE:.*]] = loom.div %[[RANGE]],
// DYN: %[[NEG:.*]] = loom.sub %[[ZERO]], %[[LOW]]
// DYN: %[[ZP:.*]] = loom.div %[[NEG]], %[[SCALE]]
// DYN: %[[ZPR:.*]] = loom.round %[[ZP]]
// DYN: %[[ZPQ:.*]] = loom.cast %[[ZPR]] : tensor<f32> to tensor<ui8>
// DYN: %[[Y:.*]] = loom.cast %{{.*}} : tensor<6xf32> to tensor<6xui8>
// DYN: return %[[Y]], %[[SCALE]], %[[ZPQ]]

// The product of the 8-bit operands themselves (loom.matmul_integer), with
// the zero points taken out in i32: ab - zb * rowsum(a) - za * colsum(b)
// + K * za * zb.
// RUN: loomc %onnx_data/node/test_matmulinteger/model.onnx | FileCheck %s --check-prefix=MMI
// MMI: %[[K:.*]] = loom.constant dense<3> : tensor<i32>
// MMI: %[[AZ:.*]] = loom.reshape %{{.*}} : tensor<1xui8> to tensor<ui8>
// MMI: %[[BZ:.*]] = loom.reshape %{{.*}} : tensor<1xui8> to tensor<ui8>
// MMI: %[[P:.*]] = loom.matmul_integer %[[A:.*]], %[[B:.*]] : (tensor<4x3xui8>, tensor<3x2xui8>) -> tensor<4x2xi32>
// MMI: %[[AI:.*]] = loom.cast %[[A]] : tensor<4x3xui8> to tensor<4x3xi32>
// MMI: %[[ROWS:.*]] = loom.reduce_sum %[[AI]] axes [1] keepdims : (tensor<4x3xi32>) -> tensor<4x1xi32>
// MMI: %[[BZI:.*]] = loom.cast %[[BZ]] : tensor<ui8> to tensor<i32>
// MMI: %[[RB:.*]] = loom.mul %[[ROWS]], %[[BZI]]
// MMI: %[[P1:.*]] = loom.sub %[[P]], %[[RB]]
// MMI: %[[BI:.*]] = loom.cast %[[B]] : tensor<3x2xui8> to tensor<3x2xi32>
// MMI: %[[COLS:.*]] = loom.reduce_sum %[[BI]] axes [0] keepdims : (tensor<3x2xi32>) -> tensor<1x2xi32>
// MMI: %[[AZI:.*]] = loom.cast %[[AZ]] : tensor<ui8> to tensor<i32>
// MMI: %[[CA:.*]] = loom.mul %[[COLS]], %[[AZI]]
// MMI: %[[P2:.*]] = loom.sub %[[P1]], %[[CA]]
// MMI: %[[ZZ:.*]] = loom.mul %[[AZI]], %[[BZI]]
// MMI: %[[ZZK:.*]] = loom.mul %[[ZZ]], %[[K]]
// MMI: %[[Y:.*]] = loom.add %[[P2]], %[[ZZK]]
// MMI: return %[[Y]]

// Without zero points the product is all there is, whatever K (the sum
// wraps in i32 as ONNX's accumulator).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/deep_matmul.textproto > %t/deep_matmul.onnx
// RUN: loomc %t/deep_matmul.onnx | FileCheck %s --check-prefix=DEEP
// DEEP: %[[P:.*]] = loom.matmul_integer %{{.*}}, %{{.*}} : (tensor<2x600xui8>, tensor<600x3xui8>) -> tensor<2x3xi32>
// DEEP-NEXT: return %[[P]]

// ConvInteger pads with zeros after the zero point is subtracted, i.e. with
// x_zero_point: given at run time here, the padded input is a select of it
// outside the input, and the convolution has no padding left. Then
// - x_zero_point * sum(w) per output channel (w's zero point is absent).
// RUN: loomc %onnx_data/node/test_convinteger_with_padding/model.onnx | FileCheck %s --check-prefix=CONVI
// CONVI: %[[MASK:.*]] = loom.constant dense<{{\[\[\[\[}}false, false, false, false, false], [false, true, true, true, false],
// CONVI-SAME: tensor<1x1x5x5xi1>
// CONVI: %[[ZEROS:.*]] = loom.pad %[[X:.*]] low [0, 0, 1, 1] high [0, 0, 1, 1] mode constant : (tensor<1x1x3x3xui8>) -> tensor<1x1x5x5xui8>
// CONVI: %[[XP:.*]] = loom.select %[[MASK]], %[[ZEROS]], %[[XZ:.*]] : (tensor<1x1x5x5xi1>, tensor<1x1x5x5xui8>, tensor<ui8>) -> tensor<1x1x5x5xui8>
// CONVI: %[[C:.*]] = loom.conv_integer %[[XP]], %[[W:.*]] strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x1x5x5xui8>, tensor<1x1x2x2xui8>) -> tensor<1x1x4x4xi32>
// CONVI: %[[WI:.*]] = loom.cast %[[W]] : tensor<1x1x2x2xui8> to tensor<1x1x2x2xi32>
// CONVI: %[[WS:.*]] = loom.reduce_sum %[[WI]] axes [1, 2, 3] keepdims : (tensor<1x1x2x2xi32>) -> tensor<1x1x1x1xi32>
// CONVI: %[[XZI:.*]] = loom.cast %[[XZ]] : tensor<ui8> to tensor<i32>
// CONVI: %[[CORR:.*]] = loom.mul %[[WS]], %[[XZI]]
// CONVI: %[[Y:.*]] = loom.sub %[[C]], %[[CORR]]
// CONVI: return %[[Y]]

// A weight that is a graph input, 128 channels of a 3 x 3 window: one
// integer convolution (no split, whatever its sums).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/wide_conv.textproto > %t/wide_conv.onnx
// RUN: loomc %t/wide_conv.onnx | FileCheck %s --check-prefix=WIDE
// WIDE: loom.conv_integer %{{.*}}, %{{.*}} {{.*}} : (tensor<1x128x4x4xui8>, tensor<2x128x3x3xui8>) -> tensor<1x2x2x2xi32>
// WIDE-NOT: loom.conv

// A constant x_zero_point pads with its value, and with constant weights
// its correction folds: 3 * (16 * 7 * 7 * 127) = 298704.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/zero_point_conv.textproto > %t/zero_point_conv.onnx
// RUN: loomc %t/zero_point_conv.onnx | FileCheck %s --check-prefix=ZPCONV
// ZPCONV: %[[CORR:.*]] = loom.constant dense<298704> : tensor<1x1x1x1xi32>
// ZPCONV: %[[XP:.*]] = loom.pad %{{.*}} low [0, 0, 1, 1] high [0, 0, 1, 1] mode constant value 3.000000e+00 : (tensor<1x16x7x7xui8>) -> tensor<1x16x9x9xui8>
// ZPCONV: %[[C:.*]] = loom.conv_integer %[[XP]], %{{.*}} {{.*}} pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x16x9x9xui8>, tensor<1x16x7x7xi8>) -> tensor<1x1x3x3xi32>
// ZPCONV: loom.sub %[[C]], %[[CORR]]

// RUN: loomc %onnx_data/node/test_qlinearmatmul_2D/model.onnx | FileCheck %s --check-prefix=QMM
// QMM: %[[P:.*]] = loom.matmul_integer %{{.*}}, %{{.*}} : (tensor<2x4xui8>, tensor<4x3xui8>) -> tensor<2x3xi32>
// QMM: %[[ACC:.*]] = loom.add %{{.*}}, %{{.*}} : (tensor<2x3xi32>, tensor<i32>) -> tensor<2x3xi32>
// QMM: %[[AB:.*]] = loom.mul %[[AS:.*]], %[[BS:.*]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// QMM: %[[M:.*]] = loom.div %[[AB]], %[[YS:.*]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// QMM: %[[ACCF:.*]] = loom.cast %[[ACC]] : tensor<2x3xi32> to tensor<2x3xf32>
// QMM: %[[P:.*]] = loom.mul %[[ACCF]], %[[M]]
// QMM: %[[R:.*]] = loom.round %[[P]]
// QMM: %[[Y:.*]] = loom.add %[[R]],
// QMM: loom.cast %[[Y]] : tensor<2x3xf32> to tensor<2x3xui8>

// QLinearConv with per-channel weights and a bias: w's zero point [M]
// runs along the filter's first dimension, w's scale and the bias along
// the result's channels.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/qlinearconv.textproto > %t/qlinearconv.onnx
// RUN: loomc %t/qlinearconv.onnx | FileCheck %s --check-prefix=QCONV
// QCONV: %[[WZ:.*]] = loom.reshape %{{.*}} : tensor<4xi8> to tensor<4x1x1x1xi8>
// QCONV: %[[XP:.*]] = loom.select
// QCONV: %[[C:.*]] = loom.conv_integer %[[XP]], %{{.*}} strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x3x8x8xui8>, tensor<4x3x3x3xi8>) -> tensor<1x4x3x3xi32>
// The window sums of x (a filter of ones) times w's per-channel zero point.
// QCONV: %[[XS:.*]] = loom.conv_integer %[[XP]], %{{.*}} {{.*}} : (tensor<1x3x8x8xui8>, tensor<1x3x3x3xi8>) -> tensor<1x1x3x3xi32>
// QCONV: %[[WZI:.*]] = loom.cast %[[WZ]] : tensor<4x1x1x1xi8> to tensor<4x1x1x1xi32>
// QCONV: %[[WZC:.*]] = loom.reshape %[[WZI]] : tensor<4x1x1x1xi32> to tensor<1x4x1x1xi32>
// QCONV: loom.mul %[[XS]], %[[WZC]] : (tensor<1x1x3x3xi32>, tensor<1x4x1x1xi32>) -> tensor<1x4x3x3xi32>
// QCONV: %[[CI:.*]] = loom.add %{{.*}}, %{{.*}} : (tensor<1x4x3x3xi32>, tensor<1x4x1x1xi32>) -> tensor<1x4x3x3xi32>
// QCONV: %[[B:.*]] = loom.reshape %{{.*}} : tensor<4xi32> to tensor<1x4x1x1xi32>
// QCONV: %[[ACC:.*]] = loom.add %[[CI]], %[[B]] : (tensor<1x4x3x3xi32>, tensor<1x4x1x1xi32>) -> tensor<1x4x3x3xi32>
// QCONV: loom.reshape %{{.*}} : tensor<4xf32> to tensor<1x4x1x1xf32>
// QCONV: loom.cast %{{.*}} : tensor<1x4x3x3xf32> to tensor<1x4x3x3xui8>

// MatMulInteger with a zero point per column of B and int8 B.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/percolumn.textproto > %t/percolumn.onnx
// RUN: loomc %t/percolumn.onnx | FileCheck %s --check-prefix=PERCOL
// PERCOL: %[[BZ:.*]] = loom.reshape %{{.*}} : tensor<5xi8> to tensor<1x5xi8>
// PERCOL: %[[P:.*]] = loom.matmul_integer %{{.*}}, %{{.*}} : (tensor<2x3x4xui8>, tensor<4x5xi8>) -> tensor<2x3x5xi32>
// PERCOL: %[[ROWS:.*]] = loom.reduce_sum %{{.*}} axes [2] keepdims : (tensor<2x3x4xi32>) -> tensor<2x3x1xi32>
// PERCOL: %[[BZI:.*]] = loom.cast %[[BZ]] : tensor<1x5xi8> to tensor<1x5xi32>
// PERCOL: %[[RB:.*]] = loom.mul %[[ROWS]], %[[BZI]] : (tensor<2x3x1xi32>, tensor<1x5xi32>) -> tensor<2x3x5xi32>
// PERCOL: loom.sub %[[P]], %[[RB]]

// Without a zero point the result is uint8.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/no_zero_point.textproto > %t/no_zero_point.onnx
// RUN: loomc %t/no_zero_point.onnx | FileCheck %s --check-prefix=NOZP
// NOZP: -> (tensor<2x3xui8> {loom.name = "y"})
// NOZP: %[[Z:.*]] = loom.constant dense<0.000000e+00> : tensor<f32>
// NOZP: %[[Y:.*]] = loom.add %{{.*}}, %[[Z]]
// NOZP: loom.cast %[[Y]] : tensor<2x3xf32> to tensor<2x3xui8>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/opset10_axis.textproto > %t/opset10_axis.onnx
// RUN: not loomc %t/opset10_axis.onnx 2>&1 | FileCheck %s --check-prefix=OPSET10
// OPSET10: (QuantizeLinear, opset 10): y_scale has 3 values but must be a single value

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/wrong_size.textproto > %t/wrong_size.onnx
// RUN: not loomc %t/wrong_size.onnx 2>&1 | FileCheck %s --check-prefix=SIZE
// SIZE: (DequantizeLinear, opset 13): x_scale has 3 values but dimension 0 has size 2

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/mixed_zero_point.textproto > %t/mixed_zero_point.onnx
// RUN: not loomc %t/mixed_zero_point.onnx 2>&1 | FileCheck %s --check-prefix=MIXED
// MIXED: (MatMulInteger, opset 10): a_zero_point has element type i8 but its tensor has ui8

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/float_operand.textproto > %t/float_operand.onnx
// RUN: not loomc %t/float_operand.onnx 2>&1 | FileCheck %s --check-prefix=FLOAT
// FLOAT: (ConvInteger, opset 10): x has element type f32 but must be uint8 or int8


//--- qlinearconv.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "qlinearconv"
  node { input: "x" input: "xs" input: "xz" input: "w" input: "ws" input: "wz" input: "ys" input: "yz" input: "B" output: "y" op_type: "QLinearConv"
         attribute { name: "pads" ints: [1, 1, 1, 1] type: INTS } attribute { name: "strides" ints: [2, 2] type: INTS } }
  input { name: "x" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 6 } dim { dim_value: 6 } } } } }
  input { name: "xs" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "xz" type { tensor_type { elem_type: 2 shape { } } } }
  input { name: "w" type { tensor_type { elem_type: 3 shape { dim { dim_value: 4 } dim { dim_value: 3 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  input { name: "ws" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "wz" type { tensor_type { elem_type: 3 shape { dim { dim_value: 4 } } } } }
  input { name: "ys" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "yz" type { tensor_type { elem_type: 2 shape { } } } }
  input { name: "B" type { tensor_type { elem_type: 6 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}

//--- percolumn.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "percolumn"
  node { input: "A" input: "B" input: "" input: "bz" output: "Y" op_type: "MatMulInteger" }
  input { name: "A" type { tensor_type { elem_type: 2 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  input { name: "B" type { tensor_type { elem_type: 3 shape { dim { dim_value: 4 } dim { dim_value: 5 } } } } }
  input { name: "bz" type { tensor_type { elem_type: 3 shape { dim { dim_value: 5 } } } } }
  output { name: "Y" type { tensor_type { elem_type: 6 } } }
}

//--- no_zero_point.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "no_zero_point"
  node { input: "x" input: "s" output: "y" op_type: "QuantizeLinear" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "s" type { tensor_type { elem_type: 1 shape { } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}

//--- opset10_axis.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "opset10_axis"
  node { input: "x" input: "s" output: "y" op_type: "QuantizeLinear" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "s" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}

//--- wrong_size.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "wrong_size"
  node { input: "x" input: "s" output: "y" op_type: "DequantizeLinear" attribute { name: "axis" i: 0 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 3 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "s" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- mixed_zero_point.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "mixed_zero_point"
  node { input: "A" input: "B" input: "az" output: "Y" op_type: "MatMulInteger" }
  input { name: "A" type { tensor_type { elem_type: 2 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "B" type { tensor_type { elem_type: 2 shape { dim { dim_value: 3 } dim { dim_value: 2 } } } } }
  input { name: "az" type { tensor_type { elem_type: 3 shape { } } } }
  output { name: "Y" type { tensor_type { elem_type: 6 } } }
}

//--- float_operand.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "float_operand"
  node { input: "x" input: "w" output: "y" op_type: "ConvInteger" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 6 } } }
}

//--- wide_conv.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "wide_conv"
  node { input: "x" input: "w" output: "y" op_type: "ConvInteger" }
  input { name: "x" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 128 } dim { dim_value: 4 } dim { dim_value: 4 } } } } }
  input { name: "w" type { tensor_type { elem_type: 2 shape { dim { dim_value: 2 } dim { dim_value: 128 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 6 } } }
}

//--- zero_point_conv.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "zero_point_conv"
  node { input: "x" input: "w" input: "xz" output: "y" op_type: "ConvInteger" attribute { name: "pads" ints: [1, 1, 1, 1] type: INTS } }
  initializer { name: "xz" data_type: 2 dims: [] int32_data: [3] }
  initializer { name: "w" data_type: 3 dims: [1, 16, 7, 7] int32_data: [127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127] }
  input { name: "x" type { tensor_type { elem_type: 2 shape { dim { dim_value: 1 } dim { dim_value: 16 } dim { dim_value: 7 } dim { dim_value: 7 } } } } }
  output { name: "y" type { tensor_type { elem_type: 6 } } }
}

//--- deep_matmul.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "deep_matmul"
  node { input: "A" input: "B" output: "Y" op_type: "MatMulInteger" }
  input { name: "A" type { tensor_type { elem_type: 2 shape { dim { dim_value: 2 } dim { dim_value: 600 } } } } }
  input { name: "B" type { tensor_type { elem_type: 2 shape { dim { dim_value: 600 } dim { dim_value: 3 } } } } }
  output { name: "Y" type { tensor_type { elem_type: 6 } } }
}
