// Outputs whose size depends on data (docs/dynamic-shapes.md, phase 3):
// the op returns the result flat at its bound and its shape; the entry
// returns both, the result marked #loom.data_shape naming the dims result,
// which comes after the model's outputs.

// RUN: loomc %onnx_data/node/test_nonzero_example/model.onnx | FileCheck %s --check-prefix=NONZERO
// NONZERO: func.func @main(%arg0: tensor<2x2xi1> {loom.name = "condition"}) -> (tensor<8xi64> {loom.data_shape = #loom.data_shape<bounds = [2, 4], dims = 1>, loom.name = "result"}, tensor<2xi64> {loom.name = "result:dims"})
// NONZERO: %[[VALUES:.*]], %[[DIMS:.*]] = loom.nonzero %arg0 : (tensor<2x2xi1>) -> (tensor<8xi64>, tensor<2xi64>)
// NONZERO: return %[[VALUES]], %[[DIMS]]

// A condition shorter than the axis bounds the slices: 3 of 3 rows here,
// 5 of the 6 elements without an axis.
// RUN: loomc %onnx_data/node/test_compress_0/model.onnx | FileCheck %s --check-prefix=AXIS
// AXIS: loom.data_shape = #loom.data_shape<bounds = [3, 2], dims = 1>
// AXIS: loom.compress %arg0, %arg1 {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> (tensor<6xf32>, tensor<2xi64>)
// RUN: loomc %onnx_data/node/test_compress_default_axis/model.onnx | FileCheck %s --check-prefix=FLAT
// FLAT: loom.data_shape = #loom.data_shape<bounds = [5], dims = 1>
// FLAT: loom.compress %arg0, %arg1 : (tensor<3x2xf32>, tensor<5xi1>) -> (tensor<5xf32>, tensor<1xi64>)

// Unique: Y, indices and counts are data-shaped (the last two share one
// dims result), inverse_indices is an ordinary output.
// RUN: loomc %onnx_data/node/test_unique_sorted_with_axis/model.onnx | FileCheck %s --check-prefix=UNIQUE
// UNIQUE: -> (tensor<9xf32> {loom.data_shape = #loom.data_shape<bounds = [3, 3], dims = 4>, loom.name = "Y"}, tensor<3xi64> {loom.data_shape = #loom.data_shape<bounds = [3], dims = 5>, loom.name = "indices"}, tensor<3xi64> {loom.name = "inverse_indices"}, tensor<3xi64> {loom.data_shape = #loom.data_shape<bounds = [3], dims = 5>, loom.name = "counts"}, tensor<2xi64> {loom.name = "Y:dims"}, tensor<1xi64> {loom.name = "indices:dims"})

// NonMaxSuppression with every input at run time.
// RUN: loomc %onnx_data/node/test_nonmaxsuppression_suppress_by_IOU_and_scores/model.onnx | FileCheck %s --check-prefix=NMS
// NMS: loom.non_max_suppression %arg0, %arg1, %arg2, %arg3, %arg4 : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> (tensor<18xi64>, tensor<2xi64>)

// A node that reads a data-shaped value is refused: computing on a size
// that depends on data is not built.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/consumed.textproto > %t/consumed.onnx
// RUN: not loomc %t/consumed.onnx 2>&1 | FileCheck %s --check-prefix=CONSUMED
// CONSUMED: node 'flip' (Transpose, opset 13): input 'nz' has a size that depends on data (output of NonZero node 'find'); computing on a data-dependent size is not built, only graph outputs may have one (docs/dynamic-shapes.md)

// With constant inputs the op folds: an ordinary constant of the actual
// shape, which other nodes may read.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/folded.textproto > %t/folded.onnx
// RUN: loomc %t/folded.onnx | FileCheck %s --check-prefix=FOLDED
// FOLDED: loom.constant dense<{{\[}}[1], [2]]> : tensor<2x1xi64>
// FOLDED-NOT: data_shape

//--- consumed.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "find" op_type: "NonZero" input: "x" output: "nz" }
  node { name: "flip" op_type: "Transpose" input: "nz" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 7 } } }
}

//--- folded.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "find" op_type: "NonZero" input: "x" output: "nz" }
  node { name: "flip" op_type: "Transpose" input: "nz" output: "y" }
  initializer { name: "x" data_type: 1 dims: 4 float_data: [0, 1, 2, 0] }
  output { name: "y" type { tensor_type { elem_type: 7 } } }
}
