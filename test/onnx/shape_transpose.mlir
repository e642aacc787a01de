// Transpose maps to loom.transpose; DepthToSpace and SpaceToDepth are
// reshape -> transpose -> reshape.

// Without perm the dimensions are reversed.
// RUN: loomc %onnx_data/node/test_transpose_default/model.onnx | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: loom.transpose %{{.*}} permutation [2, 1, 0] : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// RUN: loomc %onnx_data/node/test_transpose_all_permutations_3/model.onnx | FileCheck %s --check-prefix=PERM
// PERM: loom.transpose %{{.*}} permutation [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>

// DCR takes the block offsets from the outer part of the channels.
// RUN: loomc %onnx_data/node/test_depthtospace_dcr_mode/model.onnx | FileCheck %s --check-prefix=DCR
// DCR: %[[BLOCKS:.*]] = loom.reshape %{{.*}} : tensor<2x8x3x3xf32> to tensor<2x2x2x2x3x3xf32>
// DCR: %[[MOVED:.*]] = loom.transpose %[[BLOCKS]] permutation [0, 3, 4, 1, 5, 2]
// DCR: loom.reshape %[[MOVED]] : tensor<2x2x3x2x3x2xf32> to tensor<2x2x6x6xf32>

// CRD takes them from the inner part.
// RUN: loomc %onnx_data/node/test_depthtospace_crd_mode/model.onnx | FileCheck %s --check-prefix=CRD
// CRD: loom.reshape %{{.*}} : tensor<2x8x3x3xf32> to tensor<2x2x2x2x3x3xf32>
// CRD: loom.transpose %{{.*}} permutation [0, 1, 4, 2, 5, 3]
// CRD: loom.reshape %{{.*}} to tensor<2x2x6x6xf32>

// RUN: loomc %onnx_data/node/test_spacetodepth/model.onnx | FileCheck %s --check-prefix=S2D
// S2D: loom.reshape %{{.*}} : tensor<2x2x6x6xf32> to tensor<2x2x3x2x3x2xf32>
// S2D: loom.transpose %{{.*}} permutation [0, 3, 5, 1, 2, 4]
// S2D: loom.reshape %{{.*}} to tensor<2x8x3x3xf32>

// A perm that is not a permutation is refused.
// RUN: sed -n 's|^// model badperm: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.badperm.onnx
// RUN: not loomc %t.badperm.onnx 2>&1 | FileCheck %s --check-prefix=BADPERM
// model badperm: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model badperm:   node { input: "x" output: "y" op_type: "Transpose" attribute { name: "perm" type: INTS ints: [0, 0] } }
// model badperm:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
// model badperm:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// BADPERM: (Transpose, opset 13): perm is not a permutation of the 2 input dimensions
