// RNN, GRU and LSTM: the input projection of the whole sequence is one
// matmul per direction; each time step is one cell (a matmul with R and
// the gates' elementwise ops), unrolled on import up to 64 steps.

// RUN: loomc %onnx_data/node/test_simple_rnn_defaults/model.onnx | FileCheck %s --check-prefix=RNN
// RNN: func.func @main(%[[X:.*]]: tensor<1x3x2xf32> {loom.name = "X"}, %[[W:.*]]: tensor<1x4x2xf32> {loom.name = "W"}, %[[R:.*]]: tensor<1x4x4xf32> {loom.name = "R"})
// RNN: %[[H0:.*]] = loom.constant dense<0.000000e+00> : tensor<3x4xf32>
// RNN: %[[W2:.*]] = loom.reshape %[[W]] : tensor<1x4x2xf32> to tensor<4x2xf32>
// RNN: %[[WT:.*]] = loom.transpose %[[W2]] permutation [1, 0]
// RNN: %[[R2:.*]] = loom.reshape %[[R]] : tensor<1x4x4xf32> to tensor<4x4xf32>
// RNN: %[[RT:.*]] = loom.transpose %[[R2]] permutation [1, 0]
// RNN: %[[XW:.*]] = loom.matmul %[[X]], %[[WT]] : (tensor<1x3x2xf32>, tensor<2x4xf32>) -> tensor<1x3x4xf32>
// RNN: %[[XT:.*]] = loom.reshape %[[XW]] : tensor<1x3x4xf32> to tensor<3x4xf32>
// RNN: %[[HR:.*]] = loom.matmul %[[H0]], %[[RT]]
// RNN: %[[PRE:.*]] = loom.add %[[XT]], %[[HR]]
// RNN: %[[H:.*]] = loom.tanh %[[PRE]]
// RNN: loom.reshape %[[H]] : tensor<3x4xf32> to tensor<1x3x4xf32>

// GRU (linear_before_reset = 0): the h gate multiplies the reset gate into
// the state before the matmul with R_h; H = h + z * (H_prev - h).
// RUN: loomc %onnx_data/node/test_gru_defaults/model.onnx | FileCheck %s --check-prefix=GRU
// GRU: %[[Z:.*]] = loom.sigmoid
// GRU: %[[RG:.*]] = loom.sigmoid
// GRU: %[[RH:.*]] = loom.mul %[[RG]], %[[HP:.*]] :
// GRU: loom.matmul %[[RH]],
// GRU: %[[C:.*]] = loom.tanh
// GRU: %[[D:.*]] = loom.sub %[[HP]], %[[C]]
// GRU: %[[ZD:.*]] = loom.mul %[[Z]], %[[D]]
// GRU: loom.add %[[C]], %[[ZD]]

// sequence_lens: a step at t >= sequence_lens[b] keeps the state of entry b.
// RUN: loomc %onnx_data/node/test_lstm_with_peepholes/model.onnx | FileCheck %s --check-prefix=LENS
// LENS: %[[T:.*]] = loom.constant dense<0> : tensor<i32>
// LENS: %[[L:.*]] = loom.reshape %arg4 : tensor<2xi32> to tensor<2x1xi32>
// LENS: %[[ACTIVE:.*]] = loom.compare lt, %[[T]], %[[L]] : (tensor<i32>, tensor<2x1xi32>) -> tensor<2x1xi1>
// LENS: loom.select %[[ACTIVE]], %{{.*}}, %{{.*}} : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>

// Bidirectional: the reverse direction walks the steps from the last and
// writes each at its own time in Y ([S, D, B, H]); Y_h is [D, B, H].
// linear_before_reset = 1 adds R_h's bias inside the reset.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bigru.textproto > %t/bigru.onnx
// RUN: loomc %t/bigru.onnx | FileCheck %s --check-prefix=BI
// BI: %[[F0:.*]] = loom.reshape %{{.*}} : tensor<1x2xf32> to tensor<1x1x1x2xf32>
// BI: %[[F1:.*]] = loom.reshape %[[FH:.*]] : tensor<1x2xf32> to tensor<1x1x1x2xf32>
// BI: %[[FHN:.*]] = loom.reshape %[[FH]] : tensor<1x2xf32> to tensor<1x1x2xf32>
// BI: %[[B1:.*]] = loom.reshape %[[BH:.*]] : tensor<1x2xf32> to tensor<1x1x1x2xf32>
// BI: %[[B0:.*]] = loom.reshape %[[BFIRST:.*]] : tensor<1x2xf32> to tensor<1x1x1x2xf32>
// BI: %[[BHN:.*]] = loom.reshape %[[BH]] : tensor<1x2xf32> to tensor<1x1x2xf32>
// BI: %[[FY:.*]] = loom.concat %[[F0]], %[[F1]] axis 0
// BI: %[[BY:.*]] = loom.concat %[[B1]], %[[B0]] axis 0
// BI: %[[Y:.*]] = loom.concat %[[FY]], %[[BY]] axis 1 : (tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>) -> tensor<2x2x1x2xf32>
// BI: %[[YH:.*]] = loom.concat %[[FHN]], %[[BHN]] axis 0 : (tensor<1x1x2xf32>, tensor<1x1x2xf32>) -> tensor<2x1x2xf32>
// BI: return %[[Y]], %[[YH]]

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/long_sequence.textproto > %t/long_sequence.onnx
// RUN: not loomc %t/long_sequence.onnx 2>&1 | FileCheck %s --check-prefix=LONG
// LONG: node 'cell' (RNN, opset 14): sequence length 65 is longer than the 64 steps the importer unrolls (a loop over the cells is not built yet)
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/input_forget.textproto > %t/input_forget.onnx
// RUN: not loomc %t/input_forget.onnx 2>&1 | FileCheck %s --check-prefix=FORGET
// FORGET: node 'cell' (LSTM, opset 14): input_forget = 1 (coupled input and forget gates) is not supported
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/softsign.textproto > %t/softsign.onnx
// RUN: not loomc %t/softsign.onnx 2>&1 | FileCheck %s --check-prefix=ACT
// ACT: node 'cell' (RNN, opset 14): activation 'Softsign' is not supported (Sigmoid, Tanh, Relu, Affine, LeakyRelu, HardSigmoid and ScaledTanh are)
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/wrong_w.textproto > %t/wrong_w.onnx
// RUN: not loomc %t/wrong_w.onnx 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: node 'cell' (LSTM, opset 14): input 1 (W) has shape [1, 6, 3] but must have [1, 8, 3]

//--- bigru.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "gru_bidirectional"
  node { name: "gru" input: "x" input: "w" input: "r" input: "b" output: "y" output: "y_h" op_type: "GRU"
         attribute { name: "hidden_size" i: 2 type: INT }
         attribute { name: "direction" s: "bidirectional" type: STRING }
         attribute { name: "linear_before_reset" i: 1 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 1 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 6 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 6 } dim { dim_value: 2 } } } } }
  input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 12 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
}

//--- long_sequence.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "long_sequence"
  node { name: "cell" input: "x" input: "w" input: "r" output: "" output: "y_h" op_type: "RNN"
         attribute { name: "hidden_size" i: 2 type: INT }  }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 65 } dim { dim_value: 1 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
}

//--- input_forget.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "input_forget"
  node { name: "cell" input: "x" input: "w" input: "r" output: "" output: "y_h" op_type: "LSTM"
         attribute { name: "hidden_size" i: 2 type: INT } attribute { name: "input_forget" i: 1 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 1 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 8 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 8 } dim { dim_value: 2 } } } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
}

//--- softsign.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "softsign"
  node { name: "cell" input: "x" input: "w" input: "r" output: "" output: "y_h" op_type: "RNN"
         attribute { name: "hidden_size" i: 2 type: INT } attribute { name: "activations" strings: ["Softsign"] type: STRINGS } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 1 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
}

//--- wrong_w.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "wrong_w"
  node { name: "cell" input: "x" input: "w" input: "r" output: "" output: "y_h" op_type: "LSTM"
         attribute { name: "hidden_size" i: 2 type: INT }  }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 1 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 6 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 6 } dim { dim_value: 2 } } } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
}
