// RNN, GRU and LSTM: the input projection of the whole sequence is one
// matmul per direction; each time step is one cell (a matmul with R and
// the gates' elementwise ops), unrolled on import up to 16 steps, the body
// of a loom.scan beyond.

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
// BI: %[[FY:.*]] = loom.concat %[[F0]], %[[F1]] axis 0
// BI: %[[FHN:.*]] = loom.reshape %[[FH]] : tensor<1x2xf32> to tensor<1x1x2xf32>
// The reverse direction computes step 1 first, step 0 (its final state) last.
// BI: %[[BLAST:.*]] = loom.reshape %{{.*}} : tensor<1x2xf32> to tensor<1x1x1x2xf32>
// BI: %[[BFIRST:.*]] = loom.reshape %[[BH:.*]] : tensor<1x2xf32> to tensor<1x1x1x2xf32>
// BI: %[[BY:.*]] = loom.concat %[[BFIRST]], %[[BLAST]] axis 0
// BI: %[[BHN:.*]] = loom.reshape %[[BH]] : tensor<1x2xf32> to tensor<1x1x2xf32>
// BI: %[[Y:.*]] = loom.concat %[[FY]], %[[BY]] axis 1 : (tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>) -> tensor<2x2x1x2xf32>
// BI: %[[YH:.*]] = loom.concat %[[FHN]], %[[BHN]] axis 0 : (tensor<1x1x2xf32>, tensor<1x1x2xf32>) -> tensor<2x1x2xf32>
// BI: return %[[Y]], %[[YH]]

// A sequence longer than the 16 steps the importer unrolls is a loom.scan
// whose body is one cell: the input projection is scanned, the state
// carried, Y stacked and R^T an invariant.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/long_sequence.textproto > %t/long_sequence.onnx
// RUN: loomc %t/long_sequence.onnx | FileCheck %s --check-prefix=LONG
// LONG: %[[XW:.*]] = loom.matmul %{{.*}}, %{{.*}} : (tensor<65x1x3xf32>, tensor<3x2xf32>) -> tensor<65x1x2xf32>
// LONG: %[[H:.*]]:2 = loom.scan carried(%{{.*}}) scanned(%[[XW]]) invariants(%[[RT:.*]]) {length = 65 : i64} : (tensor<1x2xf32>, tensor<65x1x2xf32>, tensor<2x2xf32>) -> (tensor<1x2xf32>, tensor<65x1x2xf32>) {
// LONG-NEXT: ^bb0(%{{.*}}: tensor<i64>, %[[STATE:.*]]: tensor<1x2xf32>, %[[XT:.*]]: tensor<1x2xf32>, %[[R:.*]]: tensor<2x2xf32>):
// LONG-NEXT: %[[HR:.*]] = loom.matmul %[[STATE]], %[[R]]
// LONG-NEXT: %[[PRE:.*]] = loom.add %[[XT]], %[[HR]]
// LONG-NEXT: %[[NEXT:.*]] = loom.tanh %[[PRE]]
// LONG-NEXT: loom.yield %[[NEXT]], %[[NEXT]] : tensor<1x2xf32>, tensor<1x2xf32>
// LONG: loom.reshape %[[H]]#0 : tensor<1x2xf32> to tensor<1x1x2xf32>
// The loop form on the CPU against the evaluator, on random inputs: a
// bidirectional LSTM in layout 1 with biases, sequence lengths, initial
// states and peepholes (the reverse direction a loop with `reverse`), and
// a reverse GRU with linear_before_reset.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/long_bilstm.textproto > %t/long_bilstm.onnx
// RUN: loomc %t/long_bilstm.onnx -o %t/long_bilstm.mlir
// RUN: FileCheck %s --check-prefix=BILSTM < %t/long_bilstm.mlir
// BILSTM-COUNT-2: loom.scan carried(%{{.*}}, %{{.*}}) scanned(%{{.*}}) invariants(%{{.*}}, %{{.*}}, %{{.*}}) {length = 20 : i64
// RUN: loom-differential %t/long_bilstm.mlir | FileCheck %s --check-prefix=DIFF
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/long_gru.textproto > %t/long_gru.onnx
// RUN: loomc %t/long_gru.onnx -o %t/long_gru.mlir
// RUN: FileCheck %s --check-prefix=GRULOOP < %t/long_gru.mlir
// GRULOOP: loom.scan carried(%{{.*}}) scanned(%{{.*}}) invariants(%{{.*}}, %{{.*}}) {length = 24 : i64, reverse}
// RUN: loom-differential %t/long_gru.mlir | FileCheck %s --check-prefix=DIFF
// DIFF: @main: ok
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/input_forget.textproto > %t/input_forget.onnx
// RUN: not loomc %t/input_forget.onnx 2>&1 | FileCheck %s --check-prefix=FORGET
// FORGET: node 'cell' (LSTM, opset 14): input_forget = 1 (coupled input and forget gates) is not supported
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/unknown_activation.textproto > %t/unknown_activation.onnx
// RUN: not loomc %t/unknown_activation.onnx 2>&1 | FileCheck %s --check-prefix=ACT
// ACT: node 'cell' (RNN, opset 14): activation 'Gelu' is not one of Sigmoid, Tanh, Relu, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus

// One activation per direction, activation_alpha consumed by the functions
// that take one (Elu 0.7, ThresholdedRelu 0.1): compiled for the CPU and
// run on seeded random inputs, against NumPy's RNN (the expected values).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/softsign_elu.textproto > %t/softsign_elu.onnx
// RUN: loomc %t/softsign_elu.onnx --target=cpu -o %t/softsign_elu.loom
// RUN: loom-run %t/softsign_elu.loom --input=3x2x3xf32=0.00123015337,0.298745543,-0.274137855,-0.89059186,-0.454670787,-0.991646528,0.0601436011,1.34021521,-0.492206514,-0.620474875,0.489842057,0.356887013,0.105414249,-0.930468023,-0.0292518232,0.695303202,-1.34421456,-0.457615763 --input=2x2x3xf32=-1.90122271,-1.28953779,-1.84173501,-0.235091135,-1.26744652,0.271264344,0.156751081,-0.18693094,-2.51675963,-0.538692892,-0.0485009439,0.113308989 --input=2x2x2xf32=-1.53013575,-0.477753282,-0.978519082,-0.808837235,1.06089866,-0.807534695,-0.0325217061,0.884389877 --input=2x4xf32=-0.583600461,-0.11170195,0.110464141,0.0637817755,-1.22505581,0.0761402324,1.35882342,-1.54714465 --expected=3x2x2x2xf32=-0.262444109,-0.333873868,0.784145117,0.319136232,3.37732315,-0.616517186,4.38093138,-0.562579036,-0.458916157,-0.577590764,-0.659255862,-0.592089832,1.99086881,-0.615649819,1.2675041,-0.571298599,0.609122336,0.668315828,0.674562156,0.713647902,0.397844434,-0.541603029,1.64574134,-0.587958992 --expected=2x2x2xf32=0.609122336,0.668315828,0.674562156,0.713647902,3.37732315,-0.616517186,4.38093138,-0.562579036 --atol=1e-6 | FileCheck %s --check-prefix=SOFTSIGN-ELU
// SOFTSIGN-ELU: output 'y': matches
// SOFTSIGN-ELU: output 'y_h': matches
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/softplus_thresholded.textproto > %t/softplus_thresholded.onnx
// RUN: loomc %t/softplus_thresholded.onnx --target=cpu -o %t/softplus_thresholded.loom
// RUN: loom-run %t/softplus_thresholded.loom --input=3x2x3xf32=0.00123015337,0.298745543,-0.274137855,-0.89059186,-0.454670787,-0.991646528,0.0601436011,1.34021521,-0.492206514,-0.620474875,0.489842057,0.356887013,0.105414249,-0.930468023,-0.0292518232,0.695303202,-1.34421456,-0.457615763 --input=2x2x3xf32=-1.90122271,-1.28953779,-1.84173501,-0.235091135,-1.26744652,0.271264344,0.156751081,-0.18693094,-2.51675963,-0.538692892,-0.0485009439,0.113308989 --input=2x2x2xf32=-1.53013575,-0.477753282,-0.978519082,-0.808837235,1.06089866,-0.807534695,-0.0325217061,0.884389877 --input=2x4xf32=-0.583600461,-0.11170195,0.110464141,0.0637817755,-1.22505581,0.0761402324,1.35882342,-1.54714465 --expected=3x2x2x2xf32=0.530976415,0.473617613,3.65884233,0.954723358,2.41616678,0,3.41587591,0,0.082933262,0.0592119582,0.00130996702,0.00837303605,1.55350554,0,0.792706847,0,0.928061962,1.29115534,1.1540246,1.58857822,0.397844434,0,1.64574134,0 --expected=2x2x2xf32=0.928061962,1.29115534,1.1540246,1.58857822,2.41616678,0,3.41587591,0 --atol=1e-6 | FileCheck %s --check-prefix=SOFTPLUS
// SOFTPLUS: output 'y': matches
// SOFTPLUS: output 'y_h': matches
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

//--- long_bilstm.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "long_bilstm"
  node { name: "cell" input: "x" input: "w" input: "r" input: "b" input: "lens" input: "h0" input: "c0" input: "p" output: "y" output: "y_h" output: "y_c" op_type: "LSTM"
         attribute { name: "hidden_size" i: 4 type: INT } attribute { name: "direction" s: "bidirectional" type: STRING } attribute { name: "layout" i: 1 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 20 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 16 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 16 } dim { dim_value: 4 } } } } }
  input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 32 } } } } }
  input { name: "lens" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } } } } }
  input { name: "h0" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 2 } dim { dim_value: 4 } } } } }
  input { name: "c0" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 2 } dim { dim_value: 4 } } } } }
  input { name: "p" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 12 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
  output { name: "y_c" type { tensor_type { elem_type: 1 } } }
}

//--- long_gru.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "long_gru"
  node { name: "cell" input: "x" input: "w" input: "r" input: "b" output: "y" output: "y_h" op_type: "GRU"
         attribute { name: "hidden_size" i: 2 type: INT } attribute { name: "direction" s: "reverse" type: STRING } attribute { name: "linear_before_reset" i: 1 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 24 } dim { dim_value: 1 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 6 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 6 } dim { dim_value: 2 } } } } }
  input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 12 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
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

//--- unknown_activation.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "unknown_activation"
  node { name: "cell" input: "x" input: "w" input: "r" output: "" output: "y_h" op_type: "RNN"
         attribute { name: "hidden_size" i: 2 type: INT } attribute { name: "activations" strings: ["Gelu"] type: STRINGS } }
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

//--- softsign_elu.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "softsign_elu"
  node { name: "cell" input: "x" input: "w" input: "r" input: "b" output: "y" output: "y_h" op_type: "RNN"
         attribute { name: "hidden_size" i: 2 type: INT }
         attribute { name: "direction" s: "bidirectional" type: STRING }
         attribute { name: "activations" strings: ["Softsign", "Elu"] type: STRINGS }
         attribute { name: "activation_alpha" floats: [0.7] type: FLOATS } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
}

//--- softplus_thresholded.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "softplus_thresholded"
  node { name: "cell" input: "x" input: "w" input: "r" input: "b" output: "y" output: "y_h" op_type: "RNN"
         attribute { name: "hidden_size" i: 2 type: INT }
         attribute { name: "direction" s: "bidirectional" type: STRING }
         attribute { name: "activations" strings: ["Softplus", "ThresholdedRelu"] type: STRINGS }
         attribute { name: "activation_alpha" floats: [0.1] type: FLOATS } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "r" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
  output { name: "y_h" type { tensor_type { elem_type: 1 } } }
}
