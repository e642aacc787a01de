// ReduceMean, ReduceMax, ReduceMin and ReduceProd map one to one onto loom
// reductions with sorted, non-negative axes; missing axes reduce everything.

// RUN: loomc %onnx_data/node/test_reduce_mean_negative_axes_keepdims_example/model.onnx | FileCheck %s --check-prefix=MEAN
// MEAN: loom.reduce_mean %{{.*}} axes [1] keepdims : (tensor<3x2x2xf32>) -> tensor<3x1x2xf32>

// RUN: loomc %onnx_data/node/test_reduce_max_do_not_keepdims_example/model.onnx | FileCheck %s --check-prefix=MAX
// MAX: loom.reduce_max %{{.*}} axes [1] : (tensor<3x2x2xf32>) -> tensor<3x2xf32>

// RUN: loomc %onnx_data/node/test_reduce_min_default_axes_keepdims_example/model.onnx | FileCheck %s --check-prefix=MIN
// MIN: loom.reduce_min %{{.*}} axes [0, 1, 2] keepdims : (tensor<3x2x2xf32>) -> tensor<1x1x1xf32>

// RUN: loomc %onnx_data/node/test_reduce_prod_keepdims_example/model.onnx | FileCheck %s --check-prefix=PROD
// PROD: loom.reduce_prod %{{.*}} axes [1] keepdims : (tensor<3x2x2xf32>) -> tensor<3x1x2xf32>

// An `axes` input given at run time but declared with no elements holds
// no data: its type is its value (an empty list), so the reduction keeps
// its static form and the argument stays in the signature, unread.
// RUN: loomc %onnx_data/node/test_reduce_sum_default_axes_keepdims_example/model.onnx | FileCheck %s --check-prefix=EMPTY
// EMPTY: func.func @main(%arg0: tensor<3x2x2xf32> {loom.name = "data"}, %arg1: tensor<0xi64> {loom.name = "axes"})
// EMPTY: loom.reduce_sum %arg0 axes [0, 1, 2] keepdims : (tensor<3x2x2xf32>) -> tensor<1x1x1xf32>
// RUN: loomc %onnx_data/node/test_reduce_sum_empty_axes_input_noop_example/model.onnx | FileCheck %s --check-prefix=NOOP
// NOOP: func.func @main(%arg0: tensor<3x2x2xf32> {loom.name = "data"}, %arg1: tensor<0xi64> {loom.name = "axes"}) -> (tensor<3x2x2xf32> {loom.name = "reduced"})
// NOOP-NEXT: return %arg0 : tensor<3x2x2xf32>
// An axes input with elements is read at run time: axes_runtime.mlir.

// Axes that name one dimension twice, or lie outside the rank, are rejected.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/repeated.textproto > %t/repeated.onnx
// RUN: not loomc %t/repeated.onnx 2>&1 | FileCheck %s --check-prefix=REPEATED
// REPEATED: node 'max' (ReduceMax, opset 13): axis -2 repeats dimension 1 in 'axes'
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/out_of_range.textproto > %t/out_of_range.onnx
// RUN: not loomc %t/out_of_range.onnx 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: node 'mean' (ReduceMean, opset 11): axis -4 is out of range for rank 3

//--- repeated.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "reduce_max_repeated_axes"
  node { name: "max" input: "x" output: "y" op_type: "ReduceMax"
         attribute { name: "axes" ints: 1 ints: -2 type: INTS } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- out_of_range.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "reduce_mean_axis_out_of_range"
  node { name: "mean" input: "x" output: "y" op_type: "ReduceMean"
         attribute { name: "axes" ints: -4 type: INTS } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
