// Gemm is transposes, loom.matmul, and the alpha and beta scalings; MatMul
// turns 1-D operands into matrices and back.

// RUN: loomc %onnx_data/node/test_gemm_all_attributes/model.onnx | FileCheck %s --check-prefix=GEMM
// GEMM-DAG: %[[BETA:.*]] = loom.constant dense<3.500000e-01> : tensor<f32>
// GEMM-DAG: %[[ALPHA:.*]] = loom.constant dense<2.500000e-01> : tensor<f32>
// GEMM: %[[A:.*]] = loom.transpose %arg0 permutation [1, 0] : (tensor<4x3xf32>) -> tensor<3x4xf32>
// GEMM: %[[B:.*]] = loom.transpose %arg1 permutation [1, 0] : (tensor<5x4xf32>) -> tensor<4x5xf32>
// GEMM: %[[AB:.*]] = loom.matmul %[[A]], %[[B]] : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
// GEMM: %[[SCALED:.*]] = loom.mul %[[AB]], %[[ALPHA]]
// GEMM: %[[C:.*]] = loom.mul %arg2, %[[BETA]] : (tensor<1x5xf32>, tensor<f32>) -> tensor<1x5xf32>
// GEMM: loom.add %[[SCALED]], %[[C]] : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>

// Defaults: no transposes, alpha = beta = 1, C optional from opset 11.
// RUN: loomc %onnx_data/node/test_gemm_default_no_bias/model.onnx | FileCheck %s --check-prefix=GEMM-PLAIN
// GEMM-PLAIN: %[[P:.*]] = loom.matmul %arg0, %arg1 : (tensor<2x10xf32>, tensor<10x3xf32>) -> tensor<2x3xf32>
// GEMM-PLAIN-NEXT: return %[[P]]

// C must broadcast to [M, N].
// RUN: sed -n 's|^// model gemm: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.gemm13.onnx
// RUN: not loomc %t.gemm13.onnx 2>&1 | FileCheck %s --check-prefix=GEMM-BROADCAST
// model gemm: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model gemm:   node { input: "a" input: "b" input: "c" output: "y" op_type: "Gemm" }
// model gemm:   input { name: "a" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } } } } }
// model gemm:   input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } dim { dim_value: 3 } } } } }
// model gemm:   input { name: "c" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
// model gemm:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// GEMM-BROADCAST: node 'Gemm_0' (Gemm, opset 13): C of shape [4] does not broadcast to the product's shape [2, 3]

// MatMul of a vector and a batch of matrices: [3] x [2, 3, 4] -> [2, 4].
// RUN: sed -n 's|^// model matmul: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.matmul.onnx
// RUN: loomc %t.matmul.onnx | FileCheck %s --check-prefix=MATMUL
// model matmul: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model matmul:   node { input: "a" input: "b" output: "y" op_type: "MatMul" }
// model matmul:   input { name: "a" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
// model matmul:   input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
// model matmul:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// MATMUL: %[[ROW:.*]] = loom.reshape %arg0 : tensor<3xf32> to tensor<1x3xf32>
// MATMUL: %[[P:.*]] = loom.matmul %[[ROW]], %arg1 : (tensor<1x3xf32>, tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// MATMUL: loom.reshape %[[P]] : tensor<2x1x4xf32> to tensor<2x4xf32>
