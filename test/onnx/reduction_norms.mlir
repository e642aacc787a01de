// ReduceL1 = sum |x|, ReduceL2 = sqrt(sum x^2) and ReduceSumSquare = sum x^2,
// composed around loom.reduce_sum.

// RUN: loomc %onnx_data/node/test_reduce_l1_do_not_keepdims_example/model.onnx | FileCheck %s --check-prefix=L1
// L1: %[[ABS:.*]] = loom.abs %{{.*}} : tensor<3x2x2xf32>
// L1: loom.reduce_sum %[[ABS]] axes [2] : (tensor<3x2x2xf32>) -> tensor<3x2xf32>

// RUN: loomc %onnx_data/node/test_reduce_l2_keep_dims_example/model.onnx | FileCheck %s --check-prefix=L2
// L2: %[[SQR:.*]] = loom.mul %[[X:.*]], %[[X]] : (tensor<3x2x2xf32>, tensor<3x2x2xf32>) -> tensor<3x2x2xf32>
// L2: %[[SUM:.*]] = loom.reduce_sum %[[SQR]] axes [2] keepdims : (tensor<3x2x2xf32>) -> tensor<3x2x1xf32>
// L2: loom.sqrt %[[SUM]] : tensor<3x2x1xf32>

// RUN: loomc %onnx_data/node/test_reduce_sum_square_default_axes_keepdims_example/model.onnx | FileCheck %s --check-prefix=SQUARE
// SQUARE: %[[SQR:.*]] = loom.mul %[[X:.*]], %[[X]] : (tensor<3x2x2xf32>, tensor<3x2x2xf32>) -> tensor<3x2x2xf32>
// SQUARE: loom.reduce_sum %[[SQR]] axes [0, 1, 2] keepdims : (tensor<3x2x2xf32>) -> tensor<1x1x1xf32>

// The square root of an integer sum goes through f64 and is truncated back.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/l2_int.textproto > %t/l2_int.onnx
// RUN: loomc %t/l2_int.onnx | FileCheck %s --check-prefix=L2INT
// L2INT: %[[SUM:.*]] = loom.reduce_sum %{{.*}} axes [1] : (tensor<2x3xi32>) -> tensor<2xi32>
// L2INT: %[[WIDE:.*]] = loom.cast %[[SUM]] : tensor<2xi32> to tensor<2xf64>
// L2INT: %[[ROOT:.*]] = loom.sqrt %[[WIDE]] : tensor<2xf64>
// L2INT: loom.cast %[[ROOT]] : tensor<2xf64> to tensor<2xi32>

//--- l2_int.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "reduce_l2_int"
  node { name: "l2" input: "x" output: "y" op_type: "ReduceL2"
         attribute { name: "axes" ints: 1 type: INTS }
         attribute { name: "keepdims" i: 0 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 6 } } }
}
