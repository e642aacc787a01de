// TopK maps onto loom.topk with a static k: an attribute before opset 10, a
// one-element constant input from 10 on; largest and sorted from opset 11.

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/smallest.textproto > %t/smallest.onnx
// RUN: loomc %t/smallest.onnx | FileCheck %s --check-prefix=SMALLEST
// SMALLEST: %[[VALS:.*]], %[[IDX:.*]] = loom.topk %{{.*}} axis 1 k 2 largest = false : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
// SMALLEST: return %[[VALS]], %[[IDX]]

// Opset 1: k as an attribute, the last axis by default.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/attribute.textproto > %t/attribute.onnx
// RUN: loomc %t/attribute.onnx | FileCheck %s --check-prefix=ATTRIBUTE
// ATTRIBUTE: loom.topk %{{.*}} axis 2 k 3 : (tensor<2x3x4xf16>) -> (tensor<2x3x3xf16>, tensor<2x3x3xi64>)

// Only the indices are used: the values are still computed.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/indices.textproto > %t/indices.onnx
// RUN: loomc %t/indices.onnx | FileCheck %s --check-prefix=INDICES
// INDICES: %{{.*}}, %[[IDX:.*]] = loom.topk %{{.*}} axis 0 k 1 sorted = false : (tensor<3x4xi32>) -> (tensor<1x4xi32>, tensor<1x4xi64>)
// INDICES: return %[[IDX]]

// The backend tests feed K as a graph input: a data-shaped
// loom.runtime_topk (topk_runtime.mlir). A constant K may not exceed the
// axis.
// RUN: loomc %onnx_data/node/test_top_k/model.onnx | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: loom.runtime_topk %arg0, %arg1 {axis = 1 : i64}
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/too_large.textproto > %t/too_large.onnx
// RUN: not loomc %t/too_large.onnx 2>&1 | FileCheck %s --check-prefix=LARGE
// LARGE: node 'topk' (TopK, opset 11): K = 5 exceeds the size 4 of axis 1

//--- smallest.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "topk_smallest"
  node { name: "topk" input: "x" input: "k" output: "values" output: "indices" op_type: "TopK"
         attribute { name: "largest" i: 0 type: INT } }
  initializer { name: "k" data_type: 7 dims: 1 int64_data: 2 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "values" type { tensor_type { elem_type: 1 } } }
  output { name: "indices" type { tensor_type { elem_type: 7 } } }
}

//--- attribute.textproto
ir_version: 3
opset_import { domain: "" version: 7 }
graph {
  name: "topk_attribute"
  node { name: "topk" input: "x" output: "values" output: "indices" op_type: "TopK"
         attribute { name: "k" i: 3 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 10 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "values" type { tensor_type { elem_type: 10 } } }
  output { name: "indices" type { tensor_type { elem_type: 7 } } }
}

//--- indices.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "topk_indices"
  node { name: "topk" input: "x" input: "k" output: "" output: "indices" op_type: "TopK"
         attribute { name: "axis" i: -2 type: INT }
         attribute { name: "sorted" i: 0 type: INT } }
  initializer { name: "k" data_type: 7 dims: 1 int64_data: 1 }
  input { name: "x" type { tensor_type { elem_type: 6 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "indices" type { tensor_type { elem_type: 7 } } }
}

//--- too_large.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "topk_too_large"
  node { name: "topk" input: "x" input: "k" output: "values" output: "indices" op_type: "TopK" }
  initializer { name: "k" data_type: 7 dims: 1 int64_data: 5 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "values" type { tensor_type { elem_type: 1 } } }
  output { name: "indices" type { tensor_type { elem_type: 7 } } }
}
