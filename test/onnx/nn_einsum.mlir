// Einsum: a label repeated in one operand takes a diagonal, labels used
// nowhere else are summed, operands contract pairwise with loom.matmul as
// [batch..., M, K] x [batch..., K, N], and the result is transposed to the
// output's order.

// RUN: loomc %onnx_data/node/test_einsum_batch_matmul/model.onnx | FileCheck %s --check-prefix=BATCH
// BATCH: loom.matmul %arg0, %arg1 : (tensor<5x2x3xf64>, tensor<5x3x4xf64>) -> tensor<5x2x4xf64>

// "i,i": a dot product as [1, 5] x [5, 1].
// RUN: loomc %onnx_data/node/test_einsum_inner_prod/model.onnx | FileCheck %s --check-prefix=DOT
// DOT-DAG: %[[COL:.*]] = loom.reshape %arg1 : tensor<5xf64> to tensor<5x1xf64>
// DOT-DAG: %[[ROW:.*]] = loom.reshape %arg0 : tensor<5xf64> to tensor<1x5xf64>
// DOT: %[[P:.*]] = loom.matmul %[[ROW]], %[[COL]] : (tensor<1x5xf64>, tensor<5x1xf64>) -> tensor<1x1xf64>
// DOT: loom.reshape %[[P]] : tensor<1x1xf64> to tensor<f64>

// "...ii->...i": every 6th element of the flattened 5x5 matrices.
// RUN: loomc %onnx_data/node/test_einsum_batch_diagonal/model.onnx | FileCheck %s --check-prefix=DIAGONAL
// DIAGONAL: %[[FLAT:.*]] = loom.reshape %arg0 : tensor<3x5x5xf64> to tensor<3x25xf64>
// DIAGONAL: loom.slice %[[FLAT]] offsets [0, 0] steps [1, 6] : tensor<3x25xf64> to tensor<3x5xf64>

// RUN: loomc %onnx_data/node/test_einsum_sum/model.onnx | FileCheck %s --check-prefix=SUM
// SUM: loom.reduce_sum %arg0 axes [1] : (tensor<3x4xf64>) -> tensor<3xf64>

// RUN: loomc %onnx_data/node/test_einsum_transpose/model.onnx | FileCheck %s --check-prefix=TRANSPOSE
// TRANSPOSE: loom.transpose %arg0 permutation [1, 0] : (tensor<3x4xf64>) -> tensor<4x3xf64>

// Attention scores "bhqd,bhkd->bhqk": the right operand is transposed to
// [b, h, d, k].
// RUN: sed -n 's|^// model attention: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.attention.onnx
// RUN: loomc %t.attention.onnx | FileCheck %s --check-prefix=ATTENTION
// model attention: ir_version: 8 opset_import { version: 12 } graph { name: "g"
// model attention:   node { input: "q" input: "k" output: "s" op_type: "Einsum" attribute { name: "equation" type: STRING s: "bhqd,bhkd->bhqk" } }
// model attention:   input { name: "q" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } dim { dim_value: 8 } dim { dim_value: 16 } } } } }
// model attention:   input { name: "k" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } dim { dim_value: 6 } dim { dim_value: 16 } } } } }
// model attention:   output { name: "s" type { tensor_type { elem_type: 1 } } } }
// ATTENTION: %[[KT:.*]] = loom.transpose %arg1 permutation [0, 1, 3, 2] : (tensor<2x4x6x16xf32>) -> tensor<2x4x16x6xf32>
// ATTENTION: loom.matmul %arg0, %[[KT]] : (tensor<2x4x8x16xf32>, tensor<2x4x16x6xf32>) -> tensor<2x4x8x6xf32>

// Folded on constants: a trace "ii", an outer product "i,j->ij" and a
// chain of three "ij,jk,kl->il" ([[1,2],[3,4]] [[5,6],[7,8]] [[1,0],[2,1]]
// = [[19,22],[43,50]] [[1,0],[2,1]] = [[63,22],[143,50]]).
// RUN: sed -n 's|^// model folded: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.folded.onnx
// RUN: loomc %t.folded.onnx | FileCheck %s --check-prefix=FOLDED
// model folded: ir_version: 8 opset_import { version: 12 } graph { name: "g"
// model folded:   initializer { name: "a" data_type: 1 dims: [2, 2] float_data: [1, 2, 3, 4] }
// model folded:   initializer { name: "b" data_type: 1 dims: [2, 2] float_data: [5, 6, 7, 8] }
// model folded:   initializer { name: "c" data_type: 1 dims: [2, 2] float_data: [1, 0, 2, 1] }
// model folded:   initializer { name: "u" data_type: 1 dims: [2] float_data: [1, 2] }
// model folded:   initializer { name: "v" data_type: 1 dims: [3] float_data: [3, 4, 5] }
// model folded:   node { input: "a" output: "trace" op_type: "Einsum" attribute { name: "equation" type: STRING s: "ii" } }
// model folded:   node { input: "u" input: "v" output: "outer" op_type: "Einsum" attribute { name: "equation" type: STRING s: "i,j->ij" } }
// model folded:   node { input: "a" input: "b" input: "c" output: "chain" op_type: "Einsum" attribute { name: "equation" type: STRING s: "ij,jk,kl->il" } }
// model folded:   output { name: "trace" type { tensor_type { elem_type: 1 } } }
// model folded:   output { name: "outer" type { tensor_type { elem_type: 1 } } }
// model folded:   output { name: "chain" type { tensor_type { elem_type: 1 } } } }
// FOLDED-DAG: loom.constant dense<5.000000e+00> : tensor<f32>
// FOLDED-DAG: loom.constant dense<{{\[\[}}3.000000e+00, 4.000000e+00, 5.000000e+00], [6.000000e+00, 8.000000e+00, 1.000000e+01]]> : tensor<2x3xf32>
// FOLDED-DAG: loom.constant dense<{{\[\[}}6.300000e+01, 2.200000e+01], [1.430000e+02, 5.000000e+01]]> : tensor<2x2xf32>

// Malformed equations name the problem.
// RUN: sed -n 's|^// model folded: ||p' %s | sed 's|s: "ii"|s: "ij->iz"|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.label.onnx
// RUN: not loomc %t.label.onnx 2>&1 | FileCheck %s --check-prefix=LABEL
// LABEL: node 'Einsum_0' (Einsum, opset 12): equation 'ij->iz': output label 'z' is in no operand
// RUN: sed -n 's|^// model folded: ||p' %s | sed 's|s: "ii"|s: "ijk"|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.rank.onnx
// RUN: not loomc %t.rank.onnx 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: node 'Einsum_0' (Einsum, opset 12): equation 'ijk': term 'ijk' does not match an operand of rank 2
// RUN: sed -n 's|^// model folded: ||p' %s | sed 's|s: "i,j->ij"|s: "i,i"|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.size.onnx
// RUN: not loomc %t.size.onnx 2>&1 | FileCheck %s --check-prefix=SIZE
// SIZE: node 'Einsum_1' (Einsum, opset 12): contracted label 'i' has sizes 2 and 3
