// MaxPool's Indices output: a running argmax over the kernel positions
// (strided slices of the input padded with -inf; the first strictly greater
// tap wins); MaxUnpool: a scatter over the flattened output.

// storage_order 1: the spatial part of each flat index is column-major
// (h + w * H). Each kernel position's indices are a constant.
// RUN: loomc %onnx_data/node/test_maxpool_with_argmax_2d_precomputed_strides/model.onnx | FileCheck %s --check-prefix=STRIDES
// STRIDES-DAG: %[[I11:.*]] = loom.constant dense<{{\[}}[{{\[}}[6, 16], [8, 18]]]]> : tensor<1x1x2x2xi64>
// STRIDES-DAG: %[[I10:.*]] = loom.constant dense<{{\[}}[{{\[}}[1, 11], [3, 13]]]]> : tensor<1x1x2x2xi64>
// STRIDES-DAG: %[[I01:.*]] = loom.constant dense<{{\[}}[{{\[}}[5, 15], [7, 17]]]]> : tensor<1x1x2x2xi64>
// STRIDES-DAG: %[[I00:.*]] = loom.constant dense<{{\[}}[{{\[}}[0, 10], [2, 12]]]]> : tensor<1x1x2x2xi64>
// STRIDES: %[[Y:.*]] = loom.max_pool %arg0
// STRIDES: %[[T00:.*]] = loom.slice %arg0 offsets [0, 0, 0, 0] steps [1, 1, 2, 2]
// STRIDES: %[[T01:.*]] = loom.slice %arg0 offsets [0, 0, 0, 1] steps [1, 1, 2, 2]
// STRIDES: %[[G:.*]] = loom.compare gt, %[[T01]], %[[T00]]
// STRIDES: loom.select %[[G]], %[[T01]], %[[T00]]
// STRIDES: %[[B:.*]] = loom.select %[[G]], %[[I01]], %[[I00]]
// STRIDES: loom.select %{{.*}}, %[[I10]], %[[B]]
// STRIDES: %[[Z:.*]] = loom.select %{{.*}}, %[[I11]], %{{.*}}
// STRIDES: return %[[Y]], %[[Z]] : tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>

// Padding reads -inf, which never wins.
// RUN: loomc %onnx_data/node/test_maxpool_with_argmax_2d_precomputed_pads/model.onnx | FileCheck %s --check-prefix=PADS
// PADS: loom.pad %arg0 low [0, 0, 2, 2] high [0, 0, 2, 2] mode constant value 0xFFF0000000000000 : (tensor<1x1x5x5xf32>) -> tensor<1x1x9x9xf32>
// PADS-COUNT-24: loom.compare gt

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/maxpool_int.textproto > %t/maxpool_int.onnx
// RUN: not loomc %t/maxpool_int.onnx 2>&1 | FileCheck %s --check-prefix=INT
// INT: node 'pool' (MaxPool, opset 12): output 1 (Indices, 'z') is supported for float inputs only

// MaxUnpool: zeros of the unpooled shape ((2 - 1) * 2 + 2 = 4), each value
// written at its flat index.
// RUN: loomc %onnx_data/node/test_maxunpool_export_without_output_shape/model.onnx | FileCheck %s --check-prefix=UNPOOL
// UNPOOL: %[[ZEROS:.*]] = loom.constant dense<0.000000e+00> : tensor<16xf32>
// UNPOOL: %[[I:.*]] = loom.reshape %arg1 : tensor<1x1x2x2xi64> to tensor<4xi64>
// UNPOOL: %[[X:.*]] = loom.reshape %arg0 : tensor<1x1x2x2xf32> to tensor<4xf32>
// UNPOOL: %[[S:.*]] = loom.scatter %[[ZEROS]], %[[I]], %[[X]] axis 0
// UNPOOL: loom.reshape %[[S]] : tensor<16xf32> to tensor<1x1x4x4xf32>

// A larger constant output_shape keeps the indices of the unpooled shape and
// adds zeros at the end (as ONNX's test data has it).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/unpool_shape.textproto > %t/unpool_shape.onnx
// RUN: loomc %t/unpool_shape.onnx | FileCheck %s --check-prefix=SHAPE
// SHAPE: %[[R:.*]] = loom.reshape %{{.*}} : tensor<16xf32> to tensor<1x1x4x4xf32>
// SHAPE: loom.pad %[[R]] low [0, 0, 0, 0] high [0, 0, 1, 1] mode constant : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x5xf32>

//--- maxpool_int.textproto
ir_version: 8
opset_import { domain: "" version: 12 }
graph {
  name: "maxpool_int_indices"
  node { name: "pool" input: "x" output: "y" output: "z" op_type: "MaxPool"
         attribute { name: "kernel_shape" ints: [2, 2] type: INTS } }
  input { name: "x" type { tensor_type { elem_type: 3 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 3 } } }
  output { name: "z" type { tensor_type { elem_type: 7 } } }
}

//--- unpool_shape.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "maxunpool_output_shape"
  node { name: "unpool" input: "x" input: "i" input: "shape" output: "y" op_type: "MaxUnpool"
         attribute { name: "kernel_shape" ints: [2, 2] type: INTS }
         attribute { name: "strides" ints: [2, 2] type: INTS } }
  initializer { name: "shape" data_type: 7 dims: 4 int64_data: [1, 1, 5, 5] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  input { name: "i" type { tensor_type { elem_type: 7 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
