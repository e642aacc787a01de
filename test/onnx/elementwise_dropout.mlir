// Dropout is the identity in inference, with an all-true mask. Training
// with a ratio above 0 is random and fails with the reason.

// RUN: loomc %onnx_data/node/test_dropout_default_mask/model.onnx | FileCheck %s --check-prefix=MASK
// MASK: %[[MASK:.*]] = loom.constant dense<true> : tensor<3x4x5xi1>
// MASK: return %arg0, %[[MASK]] : tensor<3x4x5xf32>, tensor<3x4x5xi1>

// RUN: not loomc %onnx_data/node/test_training_dropout/model.onnx 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: (Dropout, opset 13): input 2 (training_mode, 't') must be a constant, and so must input 1 (ratio, 'r'): training mode is not supported (random) unless ratio is 0

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/training.textproto > %t/training.onnx
// RUN: not loomc %t/training.onnx 2>&1 | FileCheck %s --check-prefix=TRAINING
// TRAINING: (Dropout, opset 13): training mode is not supported (random): ratio is 0.5, not 0

// Training with ratio 0 keeps everything.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/zero_ratio.textproto > %t/zero_ratio.onnx
// RUN: loomc %t/zero_ratio.onnx | FileCheck %s --check-prefix=ZERO
// ZERO: return %arg0 : tensor<2xf32>

// Before opset 10 the mask has the input's type.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/mask7.textproto > %t/mask7.onnx
// RUN: loomc %t/mask7.onnx | FileCheck %s --check-prefix=MASK7
// MASK7: loom.constant dense<1.000000e+00> : tensor<2xf32>

//--- training.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "dropout_training"
  node { input: "x" input: "" input: "t" output: "y" op_type: "Dropout" }
  initializer { name: "t" data_type: 9 int32_data: 1 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- zero_ratio.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "dropout_zero_ratio"
  node { input: "x" input: "r" input: "t" output: "y" op_type: "Dropout" }
  initializer { name: "r" data_type: 1 float_data: 0 }
  initializer { name: "t" data_type: 9 int32_data: 1 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- mask7.textproto
ir_version: 8
opset_import { domain: "" version: 7 }
graph {
  name: "dropout_mask7"
  node { input: "x" output: "y" output: "mask" op_type: "Dropout" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
  output { name: "mask" type { tensor_type { elem_type: 1 } } }
}
