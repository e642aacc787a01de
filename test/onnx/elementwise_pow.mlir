// Pow of two types raises in the promoted type (f64 with a float, i64 for
// two integer types) and converts back to the base's type, as ONNX's
// numpy.power(base, exponent).astype(base.dtype).

// RUN: loomc %onnx_data/node/test_pow/model.onnx | FileCheck %s --check-prefix=SAME
// SAME: loom.pow %arg0, %arg1 : (tensor<3x4x5xf32>, tensor<3x4x5xf32>) -> tensor<3x4x5xf32>

// RUN: loomc %onnx_data/node/test_pow_types_int32_float32/model.onnx | FileCheck %s --check-prefix=INTBASE
// INTBASE: %[[BASE:.*]] = loom.cast %arg0 : tensor<3xi32> to tensor<3xf64>
// INTBASE: %[[EXPONENT:.*]] = loom.cast %arg1 : tensor<3xf32> to tensor<3xf64>
// INTBASE: %[[POWER:.*]] = loom.pow %[[BASE]], %[[EXPONENT]] : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
// INTBASE: loom.cast %[[POWER]] : tensor<3xf64> to tensor<3xi32>

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/ints.textproto > %t/ints.onnx
// RUN: loomc %t/ints.onnx | FileCheck %s --check-prefix=INTS
// INTS: %[[BASE:.*]] = loom.cast %arg0 : tensor<3xi32> to tensor<3xi64>
// INTS: %[[POWER:.*]] = loom.pow %[[BASE]], %arg1 : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
// INTS: loom.cast %[[POWER]] : tensor<3xi64> to tensor<3xi32>

//--- ints.textproto
ir_version: 8
opset_import { domain: "" version: 15 }
graph {
  name: "pow_ints"
  node { input: "a" input: "b" output: "y" op_type: "Pow" }
  input { name: "a" type { tensor_type { elem_type: 6 shape { dim { dim_value: 3 } } } } }
  input { name: "b" type { tensor_type { elem_type: 7 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 6 } } }
}
