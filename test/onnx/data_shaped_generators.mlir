// ONNX ConstantOfShape, Range and the cosine windows whose size is a graph
// input (docs/dynamic-shapes.md): nothing in the types bounds the result,
// so --max-dim=N bounds each of its dimensions, and the result is
// data-shaped (flat at N per dimension, the shape in dims).

// Without --max-dim, one line naming the node and the input asks for it.
// RUN: not loomc %onnx_data/node/test_constantofshape_float_ones/model.onnx 2>&1 | FileCheck %s --check-prefix=NO-BOUND
// NO-BOUND: node 'ConstantOfShape_0' (ConstantOfShape, opset 9): input 0 (shape, 'x') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N (docs/dynamic-shapes.md)

// RUN: loomc %onnx_data/node/test_constantofshape_float_ones/model.onnx --max-dim=32 | FileCheck %s --check-prefix=COS
// COS: func.func @main(%arg0: tensor<3xi64> {loom.name = "x"}) -> (tensor<32768xf32> {loom.data_shape = #loom.data_shape<bounds = [32, 32, 32], dims = 1>, loom.name = "y"}, tensor<3xi64> {loom.name = "y:dims"})
// COS: %[[VALUES:.*]], %[[DIMS:.*]] = loom.constant_of_shape %arg0 {bound = 32 : i64, value = dense<1.000000e+00> : tensor<f32>} : (tensor<3xi64>) -> (tensor<32768xf32>, tensor<3xi64>)
// COS: return %[[VALUES]], %[[DIMS]]

// The element bound is the product of the bounds; past 2^28 elements the
// bound is refused.
// RUN: not loomc %onnx_data/node/test_constantofshape_float_ones/model.onnx --max-dim=1000 2>&1 | FileCheck %s --check-prefix=TOO-LARGE
// TOO-LARGE: input 0 (shape, 'x') decides 3 dimensions of the result; at --max-dim=1000 that is more than 268435456 elements, give a smaller --max-dim

// RUN: loomc %onnx_data/node/test_range_int32_type_negative_delta/model.onnx --max-dim=16 | FileCheck %s --check-prefix=RANGE
// RANGE: tensor<16xi32> {loom.data_shape = #loom.data_shape<bounds = [16], dims = 1>, loom.name = "output"}
// RANGE: loom.range %arg0, %arg1, %arg2 {bound = 16 : i64} : (tensor<i32>, tensor<i32>, tensor<i32>) -> (tensor<16xi32>, tensor<1xi64>)

// RUN: loomc %onnx_data/node/test_hannwindow/model.onnx --max-dim=32 | FileCheck %s --check-prefix=HANN
// HANN: loom.window %arg0 hann {bound = 32 : i64, element_type = f32, periodic = true} : (tensor<i32>) -> (tensor<32xf32>, tensor<1xi64>)
// RUN: loomc %onnx_data/node/test_blackmanwindow_symmetric/model.onnx --max-dim=32 | FileCheck %s --check-prefix=BLACKMAN
// BLACKMAN: loom.window %arg0 blackman {bound = 32 : i64, element_type = f32, periodic = false}

// Expand to a run-time shape: --max-dim bounds the dimensions where the
// input has size 1 (or none), the input's size the others.
// RUN: not loomc %onnx_data/node/test_expand_dim_changed/model.onnx 2>&1 | FileCheck %s --check-prefix=EXPAND-NO-BOUND
// EXPAND-NO-BOUND: node 'Expand_0' (Expand, opset 13): input 1 (shape, 'new_shape') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
// RUN: loomc %onnx_data/node/test_expand_dim_changed/model.onnx --max-dim=8 | FileCheck %s --check-prefix=EXPAND
// EXPAND: tensor<192xf32> {loom.data_shape = #loom.data_shape<bounds = [8, 3, 8], dims = 1>, loom.name = "expanded"}
// EXPAND: loom.expand_to_shape %arg0, %arg1 {bound = 8 : i64} : (tensor<3x1xf32>, tensor<3xi64>) -> (tensor<192xf32>, tensor<3xi64>)

// Tile by run-time repeats: each dimension bounded by --max-dim.
// RUN: not loomc %onnx_data/node/test_tile_precomputed/model.onnx 2>&1 | FileCheck %s --check-prefix=TILE-NO-BOUND
// TILE-NO-BOUND: node 'Tile_0' (Tile, opset 13): input 1 (repeats, 'y') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
// RUN: loomc %onnx_data/node/test_tile_precomputed/model.onnx --max-dim=8 | FileCheck %s --check-prefix=TILE
// TILE: tensor<64xf32> {loom.data_shape = #loom.data_shape<bounds = [8, 8], dims = 1>, loom.name = "z"}
// TILE: loom.tile_to_repeats %arg0, %arg1 {bound = 8 : i64} : (tensor<2x2xf32>, tensor<2xi64>) -> (tensor<64xf32>, tensor<2xi64>)

// An input without a size 1, and a shape no longer than its rank: the
// input's shape bounds every dimension, no --max-dim needed.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/expand.textproto > %t/expand.onnx
// RUN: loomc %t/expand.onnx | FileCheck %s --check-prefix=EXPAND-FIXED
// EXPAND-FIXED: tensor<6xf32> {loom.data_shape = #loom.data_shape<bounds = [2, 3], dims = 1>
// EXPAND-FIXED: loom.expand_to_shape %arg0, %{{.*}} {bound = 1 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> (tensor<6xf32>, tensor<2xi64>)

// Constant inputs keep the static path (here folded into a constant);
// a node reading a generated value is refused; a shape of no entries is a
// scalar whatever the run gives.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/constant.textproto > %t/constant.onnx
// RUN: loomc %t/constant.onnx --max-dim=32 | FileCheck %s --check-prefix=CONSTANT
// CONSTANT: loom.constant dense<0.000000e+00> : tensor<3x2xf32>
// CONSTANT-NOT: data_shape
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/partial.textproto > %t/partial.onnx
// RUN: not loomc %t/partial.onnx 2>&1 | FileCheck %s --check-prefix=PARTIAL
// PARTIAL: node 'range' (Range, opset 11): input 1 (limit, 'n') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/consumed.textproto > %t/consumed.onnx
// RUN: not loomc %t/consumed.onnx --max-dim=8 2>&1 | FileCheck %s --check-prefix=CONSUMED
// CONSUMED: node 'neg' (Neg, opset 14): input 'r' has a size that depends on data (output of Range node 'range')
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/scalar.textproto > %t/scalar.onnx
// RUN: loomc %t/scalar.onnx | FileCheck %s --check-prefix=SCALAR
// SCALAR: %[[C:.*]] = loom.constant dense<5> : tensor<i64>
// SCALAR-NOT: data_shape

//--- constant.textproto
ir_version: 8
opset_import { version: 14 }
graph {
  name: "g"
  node { name: "cos" op_type: "ConstantOfShape" input: "s" output: "y" }
  initializer { name: "s" dims: 2 data_type: 7 int64_data: 3 int64_data: 2 }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- partial.textproto
ir_version: 8
opset_import { version: 11 }
graph {
  name: "g"
  node { name: "range" op_type: "Range" input: "a" input: "n" input: "d" output: "y" }
  initializer { name: "a" data_type: 7 int64_data: 0 }
  initializer { name: "d" data_type: 7 int64_data: 1 }
  input { name: "n" type { tensor_type { elem_type: 7 shape { } } } }
  output { name: "y" type { tensor_type { elem_type: 7 } } }
}

//--- consumed.textproto
ir_version: 8
opset_import { version: 14 }
graph {
  name: "g"
  node { name: "range" op_type: "Range" input: "a" input: "n" input: "d" output: "r" }
  node { name: "neg" op_type: "Neg" input: "r" output: "y" }
  initializer { name: "a" data_type: 1 float_data: 0 }
  initializer { name: "d" data_type: 1 float_data: 1 }
  input { name: "n" type { tensor_type { elem_type: 1 shape { } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- scalar.textproto
ir_version: 8
opset_import { version: 14 }
graph {
  name: "g"
  node { name: "cos" op_type: "ConstantOfShape" input: "s" output: "y"
         attribute { name: "value" type: TENSOR t { dims: 1 data_type: 7 int64_data: 5 } } }
  input { name: "s" type { tensor_type { elem_type: 7 shape { dim { dim_value: 0 } } } } }
  output { name: "y" type { tensor_type { elem_type: 7 } } }
}

//--- expand.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "expand" op_type: "Expand" input: "x" input: "s" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "s" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
