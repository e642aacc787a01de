// Reshape, Flatten, Squeeze and Unsqueeze all become loom.reshape with the
// shape computed at import time.

// Reshape: 0 copies the input's size and -1 takes what is left.
// RUN: sed -n 's|^// model reshape: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.reshape.onnx
// RUN: loomc %t.reshape.onnx | FileCheck %s --check-prefix=RESHAPE
// model reshape: ir_version: 8 opset_import { version: 14 } graph { name: "g"
// model reshape:   initializer { name: "shape" data_type: 7 dims: 2 int64_data: [0, -1] }
// model reshape:   initializer { name: "zero" data_type: 7 dims: 2 int64_data: [3, 0] }
// model reshape:   node { input: "x" input: "shape" output: "a" op_type: "Reshape" }
// model reshape:   node { input: "e" input: "zero" output: "b" op_type: "Reshape"
// model reshape:          attribute { name: "allowzero" type: INT i: 1 } }
// model reshape:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
// model reshape:   input { name: "e" type { tensor_type { elem_type: 1 shape { dim { dim_value: 0 } dim { dim_value: 4 } } } } }
// model reshape:   output { name: "a" type { tensor_type { elem_type: 1 } } }
// model reshape:   output { name: "b" type { tensor_type { elem_type: 1 } } } }
// RESHAPE: loom.reshape %{{.*}} : tensor<2x3x4xf32> to tensor<2x12xf32>
// RESHAPE: loom.reshape %{{.*}} : tensor<0x4xf32> to tensor<3x0xf32>

// With allowzero a 0 is a size, so it cannot go with -1.
// RUN: sed -n 's|^// model allowzero: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.allowzero.onnx
// RUN: not loomc %t.allowzero.onnx 2>&1 | FileCheck %s --check-prefix=ALLOWZERO
// model allowzero: ir_version: 8 opset_import { version: 14 } graph { name: "g"
// model allowzero:   initializer { name: "shape" data_type: 7 dims: 2 int64_data: [0, -1] }
// model allowzero:   node { input: "x" input: "shape" output: "y" op_type: "Reshape"
// model allowzero:          attribute { name: "allowzero" type: INT i: 1 } }
// model allowzero:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 0 } dim { dim_value: 4 } } } } }
// model allowzero:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// ALLOWZERO: (Reshape, opset 14): with allowzero = 1 the shape cannot hold both 0 and -1

// Flatten: axis 0 puts everything in the second dimension; negative axes
// count from the back.
// RUN: loomc %onnx_data/node/test_flatten_axis0/model.onnx | FileCheck %s --check-prefix=FLATTEN0
// FLATTEN0: loom.reshape %{{.*}} : tensor<2x3x4x5xf32> to tensor<1x120xf32>
// RUN: loomc %onnx_data/node/test_flatten_negative_axis1/model.onnx | FileCheck %s --check-prefix=FLATTEN-NEG
// FLATTEN-NEG: loom.reshape %{{.*}} : tensor<2x3x4x5xf32> to tensor<24x5xf32>

// Unsqueeze before opset 13 takes axes as an attribute, from 13 as an input;
// the positions are those of the result, so -1 is its last dimension.
// RUN: loomc %onnx_data/node/test_unsqueeze_axis_3/model.onnx | FileCheck %s --check-prefix=UNSQUEEZE11
// UNSQUEEZE11: loom.reshape %{{.*}} : tensor<3x4x5xf32> to tensor<3x4x5x1xf32>
// RUN: sed -n 's|^// model squeeze: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.squeeze.onnx
// RUN: loomc %t.squeeze.onnx | FileCheck %s --check-prefix=SQUEEZE
// model squeeze: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model squeeze:   initializer { name: "axes" data_type: 7 dims: 2 int64_data: [-1, 0] }
// model squeeze:   node { input: "x" input: "axes" output: "a" op_type: "Unsqueeze" }
// model squeeze:   node { input: "s" output: "b" op_type: "Squeeze" }
// model squeeze:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
// model squeeze:   input { name: "s" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 1 } dim { dim_value: 2 } } } } }
// model squeeze:   output { name: "a" type { tensor_type { elem_type: 1 } } }
// model squeeze:   output { name: "b" type { tensor_type { elem_type: 1 } } } }
// SQUEEZE: loom.reshape %{{.*}} : tensor<3x4xf32> to tensor<1x3x4x1xf32>
// Squeeze without axes removes every size-1 dimension.
// SQUEEZE: loom.reshape %{{.*}} : tensor<1x3x1x2xf32> to tensor<3x2xf32>

// Squeezing a dimension that is not 1 is an error.
// RUN: sed -n 's|^// model badsqueeze: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.badsqueeze.onnx
// RUN: not loomc %t.badsqueeze.onnx 2>&1 | FileCheck %s --check-prefix=BADSQUEEZE
// model badsqueeze: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model badsqueeze:   node { input: "x" output: "y" op_type: "Squeeze" attribute { name: "axes" type: INTS ints: [1] } }
// model badsqueeze:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 3 } } } } }
// model badsqueeze:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// BADSQUEEZE: (Squeeze, opset 11): dimension 1 has size 3, not 1

// A shape that is a graph input makes a data-shaped result
// (test/onnx/shape_reshape_runtime.mlir has the details).
// RUN: loomc %onnx_data/node/test_reshape_reduced_dims/model.onnx 2>&1 | FileCheck %s --check-prefix=NOTCONST
// NOTCONST: loom.reshape_to_shape %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<2xi64>) -> (tensor<24xf32>, tensor<2xi64>)
