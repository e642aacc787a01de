// ReverseSequence reverses the first sequence_lens[b] steps of each batch
// entry: a gather along the time axis with index len - 1 - t where t < len
// and t elsewhere, so sequence_lens may be a graph input.

// RUN: loomc %onnx_data/node/test_reversesequence_time/model.onnx | FileCheck %s --check-prefix=TIME
// TIME: func.func @main(%[[X:.*]]: tensor<4x4xf32> {loom.name = "x"}, %[[LENS:.*]]: tensor<4xi64> {loom.name = "sequence_lens"})
// TIME-DAG: %[[ONE:.*]] = loom.constant dense<1> : tensor<i64>
// TIME-DAG: %[[T:.*]] = loom.constant dense<{{\[}}[0, 0, 0, 0], [1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]]> : tensor<4x4xi64>
// TIME: %[[L:.*]] = loom.reshape %[[LENS]] : tensor<4xi64> to tensor<1x4xi64>
// TIME: %[[LAST:.*]] = loom.sub %[[L]], %[[ONE]]
// TIME: %[[REV:.*]] = loom.sub %[[LAST]], %[[T]]
// TIME: %[[IN:.*]] = loom.compare lt, %[[T]], %[[L]]
// TIME: %[[IDX:.*]] = loom.select %[[IN]], %[[REV]], %[[T]]
// TIME: loom.gather_elements %[[X]], %[[IDX]] axis 0

// batch_axis 0, time_axis 1: the lengths lie along dimension 0.
// RUN: loomc %onnx_data/node/test_reversesequence_batch/model.onnx | FileCheck %s --check-prefix=BATCH
// BATCH: loom.reshape %{{.*}} : tensor<4xi64> to tensor<4x1xi64>
// BATCH: loom.gather_elements %{{.*}}, %{{.*}} axis 1

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/same_axes.textproto > %t/same_axes.onnx
// RUN: not loomc %t/same_axes.onnx 2>&1 | FileCheck %s --check-prefix=SAME
// SAME: node 'reverse' (ReverseSequence, opset 10): time_axis and batch_axis must be 0 and 1 or 1 and 0

//--- same_axes.textproto
ir_version: 6
opset_import { domain: "" version: 10 }
graph {
  name: "reverse_same_axes"
  node { name: "reverse" input: "x" input: "lens" output: "y" op_type: "ReverseSequence"
         attribute { name: "batch_axis" i: 0 type: INT }
         attribute { name: "time_axis" i: 0 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "lens" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
