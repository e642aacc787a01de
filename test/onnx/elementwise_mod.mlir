// Mod is loom.rem: the divisor's sign by default, the dividend's with
// fmod = 1, which floats require.

// RUN: loomc %onnx_data/node/test_mod_mixed_sign_int32/model.onnx | FileCheck %s --check-prefix=INT
// INT: loom.rem %arg0, %arg1 : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>

// RUN: loomc %onnx_data/node/test_mod_mixed_sign_float32/model.onnx | FileCheck %s --check-prefix=FMOD
// FMOD: loom.rem %arg0, %arg1 {fmod} : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/float_mod.textproto > %t/float_mod.onnx
// RUN: not loomc %t/float_mod.onnx 2>&1 | FileCheck %s --check-prefix=FLOAT
// FLOAT: (Mod, opset 13): fmod = 0 is only defined for integer inputs

//--- float_mod.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "float_mod"
  node { input: "a" input: "b" output: "y" op_type: "Mod" }
  input { name: "a" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
