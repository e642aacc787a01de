// Models at opsets 1 to 6 are upgraded to opset 7 with ONNX's own version
// converter (libonnx) before they are imported; see also
// test/unit/OnnxImporterTest.cpp (UpgradesOpsetsBeforeSeven,
// UpgradeReportsWhatItCannotKeep).

// Opset 6: Add with broadcast = 1 becomes a numpy broadcast.
// RUN: loomc %onnx_data/pytorch-operator/test_operator_add_broadcast/model.onnx | FileCheck %s --check-prefix=ADD
// ADD: loom.add %{{.*}}, %{{.*}} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>

// Opset 1 (GlobalMaxPool).
// RUN: loomc %onnx_data/node/test_globalmaxpool/model.onnx | FileCheck %s --check-prefix=POOL
// POOL: loom.reduce_max %{{.*}} axes [2, 3] keepdims : (tensor<1x3x5x5xf32>) -> tensor<1x3x1x1xf32>

// PRelu-6 applies a slope of C values per channel; ONNX's converter keeps
// the slope as it is, which broadcasts from the right at opset 7, so the
// importer reshapes it to C x 1 x 1.
// RUN: loomc %onnx_data/pytorch-converted/test_PReLU_2d_multiparam/model.onnx | FileCheck %s --check-prefix=PRELU
// PRELU: %[[SLOPE:.*]] = loom.constant dense<2.500000e-01> : tensor<3x1x1xf32>
// PRELU: loom.mul %{{.*}}, %[[SLOPE]] : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32>

// Messages name the opset the node was upgraded from.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/unsupported.textproto > %t/unsupported.onnx
// RUN: not loomc %t/unsupported.onnx 2>&1 | FileCheck %s --check-prefix=NODE
// NODE: node 'lrn' (LpNormalization, opset 7, upgraded from 1): operator is not supported

//--- unsupported.textproto
ir_version: 3
opset_import { domain: "" version: 1 }
graph {
  name: "old_unsupported"
  node { name: "lrn" input: "x" output: "y" op_type: "LpNormalization" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
}
