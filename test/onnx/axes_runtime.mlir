// Unsqueeze, Squeeze and ReduceSum whose `axes` input is given at run time
// (docs/dynamic-shapes.md): the number of axes (the input's static length)
// fixes the result's rank, and a data-shaped result carries the shape the
// run resolves; each dimension is bounded by the input's largest.
// RUN: loomc %onnx_data/node/test_unsqueeze_two_axes/model.onnx | FileCheck %s --check-prefix=UNSQUEEZE
// UNSQUEEZE: func.func @main(%arg0: tensor<3x4x5xf32> {loom.name = "x"}, %arg1: tensor<2xi64> {loom.name = "axes"}) -> (tensor<60xf32> {loom.data_shape = #loom.data_shape<bounds = [5, 5, 5, 5, 5], elements = 60, dims = 1>, loom.name = "y"}, tensor<5xi64> {loom.name = "y:dims"})
// UNSQUEEZE: loom.runtime_unsqueeze %arg0, %arg1 : (tensor<3x4x5xf32>, tensor<2xi64>) -> (tensor<60xf32>, tensor<5xi64>)

// RUN: loomc %onnx_data/node/test_squeeze/model.onnx | FileCheck %s --check-prefix=SQUEEZE
// SQUEEZE: loom.runtime_squeeze %arg0, %arg1 : (tensor<1x3x4x5xf32>, tensor<1xi64>) -> (tensor<60xf32>, tensor<3xi64>)

// Kept, each reduced dimension is bounded by the input's own; dropped, the
// values hold at most 3 x 3 sums.
// RUN: loomc %onnx_data/node/test_reduce_sum_keepdims_example/model.onnx | FileCheck %s --check-prefix=KEEP
// KEEP: loom.data_shape = #loom.data_shape<bounds = [3, 2, 2], dims = 1>
// KEEP: loom.runtime_reduce_sum %arg0, %arg1 : (tensor<3x2x2xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<3xi64>)
// RUN: loomc %onnx_data/node/test_reduce_sum_do_not_keepdims_example/model.onnx | FileCheck %s --check-prefix=DROP
// DROP: loom.data_shape = #loom.data_shape<bounds = [3, 3], dims = 1>
// DROP: loom.runtime_reduce_sum %arg0, %arg1 {keepdims = false} : (tensor<3x2x2xf32>, tensor<1xi64>) -> (tensor<9xf32>, tensor<2xi64>)

// Pad with run-time pads needs the bound of its result dimensions,
// --max-dim; the value given at run time is an operand.
// RUN: not loomc %onnx_data/node/test_constant_pad/model.onnx 2>&1 | FileCheck %s --check-prefix=PAD-BOUND
// PAD-BOUND: node 'Pad_0' (Pad, opset 13): input 1 (pads, 'pads') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
// RUN: loomc %onnx_data/node/test_constant_pad/model.onnx --max-dim=16 | FileCheck %s --check-prefix=PAD
// PAD: tensor<65536xf32> {loom.data_shape = #loom.data_shape<bounds = [16, 16, 16, 16], dims = 1>, loom.name = "y"}
// PAD: loom.runtime_pad %arg0, %arg1, %arg2 mode constant {bound = 16 : i64} : (tensor<1x3x4x5xf32>, tensor<8xi64>, tensor<f32>) -> (tensor<65536xf32>, tensor<4xi64>)
// RUN: loomc %onnx_data/node/test_edge_pad/model.onnx --max-dim=16 | FileCheck %s --check-prefix=EDGE
// EDGE: loom.runtime_pad %arg0, %arg1 mode edge {bound = 16 : i64}

// Refused, each in one line: a result of rank 0, a sum of i8, and a node
// that reads the result.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/rank0.textproto > %t/rank0.onnx
// RUN: not loomc %t/rank0.onnx 2>&1 | FileCheck %s --check-prefix=RANK0
// RANK0: node 'squeeze' (Squeeze, opset 13): input 1 (axes, 'axes') is given at run time and leaves a result of rank 0; a result of rank 0 from run-time axes is not supported, give the axes as a constant
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/int8.textproto > %t/int8.onnx
// RUN: not loomc %t/int8.onnx 2>&1 | FileCheck %s --check-prefix=INT8
// INT8: node 'sum' (ReduceSum, opset 13): input 1 (axes, 'axes') is given at run time; the sum over run-time axes takes f32, f64 and 32- and 64-bit integers, not i8
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/consumed.textproto > %t/consumed.onnx
// RUN: not loomc %t/consumed.onnx 2>&1 | FileCheck %s --check-prefix=CONSUMED
// CONSUMED: node 'neg' (Neg, opset 13): input 'u' has a size that depends on data (output of Unsqueeze node 'unsqueeze')

//--- rank0.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "squeeze_to_rank0"
  node { name: "squeeze" input: "x" input: "axes" output: "y" op_type: "Squeeze" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } } } } }
  input { name: "axes" type { tensor_type { elem_type: 7 shape { dim { dim_value: 1 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- int8.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "reduce_sum_int8"
  node { name: "sum" input: "x" input: "axes" output: "y" op_type: "ReduceSum" }
  input { name: "x" type { tensor_type { elem_type: 3 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "axes" type { tensor_type { elem_type: 7 shape { dim { dim_value: 1 } } } } }
  output { name: "y" type { tensor_type { elem_type: 3 } } }
}

//--- consumed.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "unsqueeze_consumed"
  node { name: "unsqueeze" input: "x" input: "axes" output: "u" op_type: "Unsqueeze" }
  node { name: "neg" input: "u" output: "y" op_type: "Neg" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "axes" type { tensor_type { elem_type: 7 shape { dim { dim_value: 1 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
