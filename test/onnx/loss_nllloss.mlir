// NegativeLogLikelihoodLoss: -input[n, target[n, d], d] picked with
// loom.gather_elements along the class axis, times the gathered weight,
// then reduced. Ignored targets are replaced by class 0 before any gather
// and masked afterwards.

// Plain mean: no weights, no ignore_index.
// RUN: loomc %onnx_data/node/test_nllloss_NCd1d2_reduction_mean/model.onnx | FileCheck %s --check-prefix=MEAN
// MEAN: %[[CLASSES:.*]] = loom.reshape %[[TARGET:.*]] : tensor<3x6x6xi64> to tensor<3x1x6x6xi64>
// MEAN: %[[PICKED:.*]] = loom.gather_elements %{{.*}}, %[[CLASSES]] axis 1 : (tensor<3x5x6x6xf32>, tensor<3x1x6x6xi64>) -> tensor<3x1x6x6xf32>
// MEAN: %[[FLAT:.*]] = loom.reshape %[[PICKED]] : tensor<3x1x6x6xf32> to tensor<3x6x6xf32>
// MEAN: %[[LOSS:.*]] = loom.neg %[[FLAT]]
// MEAN: loom.reduce_mean %[[LOSS]] axes [0, 1, 2] : (tensor<3x6x6xf32>) -> tensor<f32>

// Weighted sum: the weights are gathered by target.
// RUN: loomc %onnx_data/node/test_nllloss_NCd1d2_with_weight_reduction_sum/model.onnx | FileCheck %s --check-prefix=SUM
// SUM: %[[LOSS:.*]] = loom.neg
// SUM: %[[W:.*]] = loom.gather %{{.*}}, %{{.*}} axis 0 : (tensor<5xf32>, tensor<3x6x6xi64>) -> tensor<3x6x6xf32>
// SUM: %[[WEIGHTED:.*]] = loom.mul %[[LOSS]], %[[W]]
// SUM: loom.reduce_sum %[[WEIGHTED]] axes [0, 1, 2] : (tensor<3x6x6xf32>) -> tensor<f32>

// ignore_index with a mean: the sum of the losses over the number of
// targets that are not ignored.
// RUN: loomc %onnx_data/node/test_nllloss_NCd1_ii/model.onnx | FileCheck %s --check-prefix=IGNORE
// IGNORE-DAG: %[[ONE:.*]] = loom.constant dense<1.000000e+00> : tensor<f32>
// IGNORE-DAG: %[[ZERO:.*]] = loom.constant dense<0.000000e+00> : tensor<f32>
// IGNORE-DAG: %[[CLASS0:.*]] = loom.constant dense<0> : tensor<i64>
// IGNORE-DAG: %[[IGNORED:.*]] = loom.constant dense<1> : tensor<i64>
// IGNORE: %[[VALID:.*]] = loom.compare ne, %[[TARGET:.*]], %[[IGNORED]]
// IGNORE: %[[SAFE:.*]] = loom.select %[[VALID]], %[[TARGET]], %[[CLASS0]]
// IGNORE: %[[CLASSES:.*]] = loom.reshape %[[SAFE]] : tensor<3x2xi64> to tensor<3x1x2xi64>
// IGNORE: loom.gather_elements %{{.*}}, %[[CLASSES]] axis 1
// IGNORE: %[[LOSS:.*]] = loom.neg
// IGNORE: %[[MASKED:.*]] = loom.select %[[VALID]], %[[LOSS]], %[[ZERO]]
// IGNORE: %[[COUNTS:.*]] = loom.select %[[VALID]], %[[ONE]], %[[ZERO]]
// IGNORE: %[[TOTAL:.*]] = loom.reduce_sum %[[MASKED]] axes [0, 1]
// IGNORE: %[[COUNT:.*]] = loom.reduce_sum %[[COUNTS]] axes [0, 1]
// IGNORE: loom.div %[[TOTAL]], %[[COUNT]]

// reduction none keeps one loss per target.
// RUN: loomc %onnx_data/node/test_nllloss_NCd1d2d3d4d5_none_no_weight/model.onnx | FileCheck %s --check-prefix=NONE
// NONE: %[[LOSS:.*]] = loom.neg %{{.*}} : tensor<3x6x6x5x3x4xf32>
// NONE-NOT: loom.reduce
// NONE: return %[[LOSS]]

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bad_reduction.textproto > %t/bad_reduction.onnx
// RUN: not loomc %t/bad_reduction.onnx 2>&1 | FileCheck %s --check-prefix=REDUCTION
// REDUCTION: node 'nll' (NegativeLogLikelihoodLoss, opset 13): reduction 'avg' is not one of 'none', 'sum', 'mean'
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bad_target.textproto > %t/bad_target.onnx
// RUN: not loomc %t/bad_target.onnx 2>&1 | FileCheck %s --check-prefix=BADTARGET
// BADTARGET: node 'nll' (NegativeLogLikelihoodLoss, opset 13): input 1 (target) dimension 1 is 3 but input 0 has 4 there

//--- bad_reduction.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "nll_bad_reduction"
  node { name: "nll" input: "x" input: "t" output: "y" op_type: "NegativeLogLikelihoodLoss"
         attribute { name: "reduction" s: "avg" type: STRING } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } } } } }
  input { name: "t" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- bad_target.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "nll_bad_target"
  node { name: "nll" input: "x" input: "t" output: "y" op_type: "NegativeLogLikelihoodLoss" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } dim { dim_value: 4 } } } } }
  input { name: "t" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
