// Expand is loom.broadcast_to of the bidirectionally broadcast shape; Tile
// spreads [d0, d1] to [1, d0, 1, d1], broadcasts to [r0, d0, r1, d1] and
// reshapes to [r0 * d0, r1 * d1].

// A 1 in the shape keeps the input's size (3), a longer shape adds leading
// dimensions.
// RUN: sed -n 's|^// model expand: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.expand.onnx
// RUN: loomc %t.expand.onnx | FileCheck %s --check-prefix=EXPAND
// model expand: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model expand:   initializer { name: "shape" data_type: 7 dims: 3 int64_data: [2, 1, 4] }
// model expand:   node { input: "x" input: "shape" output: "y" op_type: "Expand" }
// model expand:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 1 } } } } }
// model expand:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// EXPAND: loom.broadcast_to %{{.*}} : tensor<3x1xf32> to tensor<2x3x4xf32>

// RUN: sed -n 's|^// model badexpand: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.badexpand.onnx
// RUN: not loomc %t.badexpand.onnx 2>&1 | FileCheck %s --check-prefix=BADEXPAND
// model badexpand: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model badexpand:   initializer { name: "shape" data_type: 7 dims: 1 int64_data: [2] }
// model badexpand:   node { input: "x" input: "shape" output: "y" op_type: "Expand" }
// model badexpand:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
// model badexpand:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// BADEXPAND: (Expand, opset 13): the input shape does not broadcast with the shape: size 3 against 2

// RUN: sed -n 's|^// model tile: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.tile.onnx
// RUN: loomc %t.tile.onnx | FileCheck %s --check-prefix=TILE
// model tile: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model tile:   initializer { name: "repeats" data_type: 7 dims: 2 int64_data: [2, 3] }
// model tile:   node { input: "x" input: "repeats" output: "y" op_type: "Tile" }
// model tile:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } dim { dim_value: 5 } } } } }
// model tile:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// TILE: %[[SPREAD:.*]] = loom.reshape %{{.*}} : tensor<4x5xf32> to tensor<1x4x1x5xf32>
// TILE: %[[REPEATED:.*]] = loom.broadcast_to %[[SPREAD]] : tensor<1x4x1x5xf32> to tensor<2x4x3x5xf32>
// TILE: loom.reshape %[[REPEATED]] : tensor<2x4x3x5xf32> to tensor<8x15xf32>

// Repeats given at run time need a bound (--max-dim;
// test/onnx/data_shaped_generators.mlir).
// RUN: not loomc %onnx_data/node/test_tile/model.onnx 2>&1 | FileCheck %s --check-prefix=NOTCONST
// NOTCONST: (Tile, opset 13): input 1 (repeats, 'y') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
