// Cast and CastLike become loom.cast; a target type Loom lacks fails.

// RUN: loomc %onnx_data/node/test_cast_FLOAT_to_DOUBLE/model.onnx | FileCheck %s --check-prefix=CAST
// CAST: loom.cast %arg0 : tensor<3x4xf32> to tensor<3x4xf64>

// RUN: loomc %onnx_data/node/test_castlike_FLOAT16_to_FLOAT/model.onnx | FileCheck %s --check-prefix=LIKE
// LIKE: loom.cast %arg0 : tensor<3x4xf16> to tensor<3x4xf32>

// RUN: not loomc %onnx_data/node/test_cast_FLOAT_to_STRING/model.onnx 2>&1 | FileCheck %s --check-prefix=STRING
// STRING: (Cast, opset 13): cast to string is not supported (Loom has no such element type)

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/uint8.textproto > %t/uint8.onnx
// RUN: loomc %t/uint8.onnx 2>&1 | FileCheck %s --check-prefix=UINT8
// UINT8: loom.cast %arg0 : tensor<2xf32> to tensor<2xui8>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/complex.textproto > %t/complex.onnx
// RUN: not loomc %t/complex.onnx 2>&1 | FileCheck %s --check-prefix=COMPLEX
// COMPLEX: (Cast, opset 13): cast to complex64 is not supported (Loom has no such element type)

//--- uint8.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "cast_uint8"
  node { input: "x" output: "y" op_type: "Cast" attribute { name: "to" i: 2 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 2 } } }
}

//--- complex.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "cast_complex"
  node { input: "x" output: "y" op_type: "Cast" attribute { name: "to" i: 14 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 14 } } }
}
