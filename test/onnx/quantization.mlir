// The quantization family as compositions of loom ops: quantize is
// cast(round(x / scale) + zero_point) (the cast saturates), dequantize
// (int32(x) - int32(zero_point)) * scale, the integer contractions widen to
// i32 and subtract the zero points before an i32 matmul or conv, and
// QLinear* requantize the i32 accumulator with (a_scale * b_scale) / y_scale.

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

// The centered operands' product in f32, exact while its sums fit f32's
// 24-bit integers (here 3 * 255 * 255), else split over K or i32.
// RUN: loomc %onnx_data/node/test_matmulinteger/model.onnx | FileCheck %s --check-prefix=MMI
// MMI: %[[AI:.*]] = loom.cast %{{.*}} : tensor<4x3xui8> to tensor<4x3xi32>
// MMI: %[[A:.*]] = loom.sub %[[AI]],
// MMI: %[[BI:.*]] = loom.cast %{{.*}} : tensor<3x2xui8> to tensor<3x2xi32>
// MMI: %[[B:.*]] = loom.sub %[[BI]],
// MMI: %[[AF:.*]] = loom.cast %[[A]] : tensor<4x3xi32> to tensor<4x3xf32>
// MMI: %[[BF:.*]] = loom.cast %[[B]] : tensor<3x2xi32> to tensor<3x2xf32>
// MMI: %[[P:.*]] = loom.matmul %[[AF]], %[[BF]] : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
// MMI: loom.cast %[[P]] : tensor<4x2xf32> to tensor<4x2xi32>

// K = 600 runtime values: 258 terms of 255 * 255 fit 2^24, so 3 slices.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/deep_matmul.textproto > %t/deep_matmul.onnx
// RUN: loomc %t/deep_matmul.onnx | FileCheck %s --check-prefix=DEEP
// DEEP: loom.matmul %{{.*}}, %{{.*}} : (tensor<2x258xf32>, tensor<258x3xf32>) -> tensor<2x3xf32>
// DEEP: loom.matmul %{{.*}}, %{{.*}} : (tensor<2x258xf32>, tensor<258x3xf32>) -> tensor<2x3xf32>
// DEEP: loom.add %{{.*}}, %{{.*}} : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
// DEEP: loom.matmul %{{.*}}, %{{.*}} : (tensor<2x84xf32>, tensor<84x3xf32>) -> tensor<2x3xf32>
// DEEP: loom.add %{{.*}}, %{{.*}} : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>

// ConvInteger pads with zeros after the zero point is subtracted. Its sums
// are bounded by 2 * 2 * 255 * 255 < 2^24, so an f32 convolution of the
// centered values computes them exactly (and on the CPU's f32 kernels).
// RUN: loomc %onnx_data/node/test_convinteger_with_padding/model.onnx | FileCheck %s --check-prefix=CONVI
// CONVI: %[[XC:.*]] = loom.sub %{{.*}}, %{{.*}} : (tensor<1x1x3x3xi32>, tensor<i32>) -> tensor<1x1x3x3xi32>
// CONVI: %[[WI:.*]] = loom.cast %{{.*}} : tensor<1x1x2x2xui8> to tensor<1x1x2x2xi32>
// CONVI: %[[XF:.*]] = loom.cast %[[XC]] : tensor<1x1x3x3xi32> to tensor<1x1x3x3xf32>
// CONVI: %[[WF:.*]] = loom.cast %[[WI]] : tensor<1x1x2x2xi32> to tensor<1x1x2x2xf32>
// CONVI: %[[C:.*]] = loom.conv %[[XF]], %[[WF]] strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
// CONVI: loom.cast %[[C]] : tensor<1x1x4x4xf32> to tensor<1x1x4x4xi32>

// A weight that is a graph input: 28 input channels of 3 x 3 x 255 x 255
// fit 2^24, so 128 channels would take 5 f32 convolutions, more than the 4
// the importer splits into: the convolution stays i32.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/wide_conv.textproto > %t/wide_conv.onnx
// RUN: loomc %t/wide_conv.onnx | FileCheck %s --check-prefix=WIDE
// WIDE: loom.conv %{{.*}}, %{{.*}} {{.*}} : (tensor<1x128x4x4xi32>, tensor<2x128x3x3xi32>) -> tensor<1x2x2x2xi32>

// Constant weights of 127 over 16 x 7 x 7 terms: 10 input channels reach
// 10 * 49 * 127 * 255 < 2^24, so the sum is two f32 convolutions over
// channels 0..9 and 10..15, added in i32.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/split_conv.textproto > %t/split_conv.onnx
// RUN: loomc %t/split_conv.onnx | FileCheck %s --check-prefix=SPLIT
// SPLIT: %[[X0:.*]] = loom.slice %[[X:.*]] offsets [0, 0, 0, 0] steps [1, 1, 1, 1] : tensor<1x16x7x7xf32> to tensor<1x10x7x7xf32>
// SPLIT: %[[C0:.*]] = loom.conv %[[X0]], %{{.*}} {{.*}} : (tensor<1x10x7x7xf32>, tensor<1x10x7x7xf32>) -> tensor<1x1x1x1xf32>
// SPLIT: %[[I0:.*]] = loom.cast %[[C0]] : tensor<1x1x1x1xf32> to tensor<1x1x1x1xi32>
// SPLIT: %[[X1:.*]] = loom.slice %[[X]] offsets [0, 10, 0, 0] steps [1, 1, 1, 1] : tensor<1x16x7x7xf32> to tensor<1x6x7x7xf32>
// SPLIT: %[[C1:.*]] = loom.conv %[[X1]], %{{.*}} {{.*}} : (tensor<1x6x7x7xf32>, tensor<1x6x7x7xf32>) -> tensor<1x1x1x1xf32>
// SPLIT: %[[I1:.*]] = loom.cast %[[C1]] : tensor<1x1x1x1xf32> to tensor<1x1x1x1xi32>
// SPLIT: loom.add %[[I0]], %[[I1]] : (tensor<1x1x1x1xi32>, tensor<1x1x1x1xi32>) -> tensor<1x1x1x1xi32>

// RUN: loomc %onnx_data/node/test_qlinearmatmul_2D/model.onnx | FileCheck %s --check-prefix=QMM
// QMM: %[[P:.*]] = loom.matmul %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// QMM: %[[ACC:.*]] = loom.cast %[[P]] : tensor<2x3xf32> to tensor<2x3xi32>
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
// QCONV: %[[C:.*]] = loom.conv %{{.*}}, %{{.*}} strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
// QCONV: %[[CI:.*]] = loom.cast %[[C]] : tensor<1x4x3x3xf32> to tensor<1x4x3x3xi32>
// QCONV: %[[B:.*]] = loom.reshape %{{.*}} : tensor<4xi32> to tensor<1x4x1x1xi32>
// QCONV: %[[ACC:.*]] = loom.add %[[CI]], %[[B]] : (tensor<1x4x3x3xi32>, tensor<1x4x1x1xi32>) -> tensor<1x4x3x3xi32>
// QCONV: loom.reshape %{{.*}} : tensor<4xf32> to tensor<1x4x1x1xf32>
// QCONV: loom.cast %{{.*}} : tensor<1x4x3x3xf32> to tensor<1x4x3x3xui8>

// MatMulInteger with a zero point per column of B and int8 B.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/percolumn.textproto > %t/percolumn.onnx
// RUN: loomc %t/percolumn.onnx | FileCheck %s --check-prefix=PERCOL
// PERCOL: loom.reshape %{{.*}} : tensor<5xi8> to tensor<1x5xi8>
// PERCOL: loom.matmul %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>

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

//--- split_conv.textproto
ir_version: 7
opset_import { domain: "" version: 10 }
graph {
  name: "split_conv"
  node { input: "x" input: "w" output: "y" op_type: "ConvInteger" }
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
