// SoftmaxCrossEntropyLoss: loom.log_softmax over the class axis, then the
// NegativeLogLikelihoodLoss decomposition; the optional second output is
// the log-probabilities.

// RUN: loomc %onnx_data/node/test_sce_mean_weight_ii_log_prob/model.onnx | FileCheck %s --check-prefix=LOGPROB
// LOGPROB: %[[LOGP:.*]] = loom.log_softmax %{{.*}} axis 1 : tensor<3x5xf32>
// LOGPROB: %[[VALID:.*]] = loom.compare ne
// LOGPROB: %[[SAFE:.*]] = loom.select %[[VALID]]
// LOGPROB: %[[CLASSES:.*]] = loom.reshape %[[SAFE]] : tensor<3xi64> to tensor<3x1xi64>
// LOGPROB: loom.gather_elements %[[LOGP]], %[[CLASSES]] axis 1
// LOGPROB: %[[W:.*]] = loom.gather %{{.*}}, %[[SAFE]] axis 0 : (tensor<5xf32>, tensor<3xi64>) -> tensor<3xf32>
// LOGPROB: %[[WEIGHTED:.*]] = loom.mul %{{.*}}, %[[W]]
// LOGPROB: %[[MASKED:.*]] = loom.select %[[VALID]], %[[WEIGHTED]]
// LOGPROB: %[[WMASKED:.*]] = loom.select %[[VALID]], %[[W]]
// LOGPROB: %[[TOTAL:.*]] = loom.reduce_sum %[[MASKED]] axes [0]
// LOGPROB: %[[WTOTAL:.*]] = loom.reduce_sum %[[WMASKED]] axes [0]
// LOGPROB: %[[MEAN:.*]] = loom.div %[[TOTAL]], %[[WTOTAL]]
// LOGPROB: return %[[MEAN]], %[[LOGP]] : tensor<f32>, tensor<3x5xf32>

// RUN: loomc %onnx_data/node/test_sce_none/model.onnx | FileCheck %s --check-prefix=NONE
// NONE: %[[LOGP:.*]] = loom.log_softmax %{{.*}} axis 1 : tensor<3x5xf32>
// NONE: loom.gather_elements %[[LOGP]], %{{.*}} axis 1
// NONE: %[[LOSS:.*]] = loom.neg %{{.*}} : tensor<3xf32>
// NONE: return %[[LOSS]] : tensor<3xf32>

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bad_weight.textproto > %t/bad_weight.onnx
// RUN: not loomc %t/bad_weight.onnx 2>&1 | FileCheck %s --check-prefix=WEIGHT
// WEIGHT: node 'sce' (SoftmaxCrossEntropyLoss, opset 13): input 2 (weight) must have shape [C] = [5]

//--- bad_weight.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "sce_bad_weight"
  node { name: "sce" input: "x" input: "t" input: "w" output: "y" op_type: "SoftmaxCrossEntropyLoss" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } } } } }
  input { name: "t" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
