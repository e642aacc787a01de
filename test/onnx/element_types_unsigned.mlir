// Unsigned integers (uint8..uint64) import as ui8..ui64 and int16 as i16:
// the ops keep the signedness, which the evaluator and the lowering read.
// BitShift is loom.shift, on unsigned integers only.

// RUN: loomc %onnx_data/node/test_div_uint8/model.onnx | FileCheck %s --check-prefix=DIV
// DIV: func.func @main(%arg0: tensor<3x4x5xui8> {loom.name = "x"}, %arg1: tensor<3x4x5xui8> {loom.name = "y"}) -> (tensor<3x4x5xui8> {loom.name = "z"})
// DIV: loom.div %arg0, %arg1 : (tensor<3x4x5xui8>, tensor<3x4x5xui8>) -> tensor<3x4x5xui8>

// RUN: loomc %onnx_data/node/test_mod_uint64/model.onnx | FileCheck %s --check-prefix=MOD
// MOD: loom.rem %arg0, %arg1 : (tensor<3xui64>, tensor<3xui64>) -> tensor<3xui64>

// RUN: loomc %onnx_data/node/test_max_int16/model.onnx | FileCheck %s --check-prefix=MAX
// MAX: loom.max %arg0, %arg1 : (tensor<3xi16>, tensor<3xi16>) -> tensor<3xi16>

// RUN: loomc %onnx_data/node/test_bitshift_right_uint32/model.onnx | FileCheck %s --check-prefix=RIGHT
// RIGHT: loom.shift %arg0, %arg1 {right} : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>

// RUN: loomc %onnx_data/node/test_bitshift_left_uint16/model.onnx | FileCheck %s --check-prefix=LEFT
// LEFT: loom.shift %arg0, %arg1 : (tensor<3xui16>, tensor<3xui16>) -> tensor<3xui16>

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/signed_shift.textproto > %t/signed_shift.onnx
// RUN: not loomc %t/signed_shift.onnx 2>&1 | FileCheck %s --check-prefix=SIGNED
// SIGNED: (BitShift, opset 13): BitShift takes unsigned integers only

//--- signed_shift.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "signed_shift"
  node { input: "a" input: "b" output: "y" op_type: "BitShift" attribute { name: "direction" s: "LEFT" type: STRING } }
  input { name: "a" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } } } } }
  input { name: "b" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 6 } } }
}
