// BatchNormalization (inference), InstanceNormalization and
// LayerNormalization.

// BatchNormalization: y = x * f + (B - mean * f) with
// f = scale / sqrt(var + epsilon), the per-channel part computed first.
// RUN: loomc %onnx_data/node/test_batchnorm_example/model.onnx | FileCheck %s --check-prefix=BN
// BN: %[[EPS:.*]] = loom.constant dense<9.99999974E-6> : tensor<f32>
// BN: %[[VE:.*]] = loom.add %arg4, %[[EPS]]
// BN: %[[SD:.*]] = loom.sqrt %[[VE]] : tensor<3xf32>
// BN: %[[F:.*]] = loom.div %arg1, %[[SD]]
// BN: %[[MF:.*]] = loom.mul %arg3, %[[F]]
// BN: %[[SHIFT:.*]] = loom.sub %arg2, %[[MF]]
// BN: %[[F4:.*]] = loom.reshape %[[F]] : tensor<3xf32> to tensor<1x3x1x1xf32>
// BN: %[[SHIFT4:.*]] = loom.reshape %[[SHIFT]] : tensor<3xf32> to tensor<1x3x1x1xf32>
// BN: %[[SCALED:.*]] = loom.mul %arg0, %[[F4]] : (tensor<2x3x4x5xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x4x5xf32>
// BN: loom.add %[[SCALED]], %[[SHIFT4]] : (tensor<2x3x4x5xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x4x5xf32>

// Constant parameters fold to the two per-channel constants:
// f = [2 / sqrt(3.99 + 0.01), 1 / sqrt(0.24 + 0.01)] = [1, 2] and
// B - mean * f = [1 - 1, 0 + 2] = [0, 2]. InstanceNormalization is a
// layer_norm over the spatial dimensions, then scale and B per channel.
// RUN: sed -n 's|^// model folded: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.folded.onnx
// RUN: loomc %t.folded.onnx | FileCheck %s --check-prefix=FOLDED
// model folded: ir_version: 8 opset_import { version: 15 } graph { name: "g"
// model folded:   initializer { name: "s" data_type: 1 dims: [2] float_data: [2, 1] }
// model folded:   initializer { name: "b" data_type: 1 dims: [2] float_data: [1, 0] }
// model folded:   initializer { name: "m" data_type: 1 dims: [2] float_data: [1, -1] }
// model folded:   initializer { name: "v" data_type: 1 dims: [2] float_data: [3.99, 0.24] }
// model folded:   node { input: "x" input: "s" input: "b" input: "m" input: "v" output: "y" op_type: "BatchNormalization"
// model folded:          attribute { name: "epsilon" type: FLOAT f: 0.01 } }
// model folded:   node { input: "x" input: "s" input: "b" output: "z" op_type: "InstanceNormalization"
// model folded:          attribute { name: "epsilon" type: FLOAT f: 0.01 } }
// model folded:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 3 } } } } }
// model folded:   output { name: "y" type { tensor_type { elem_type: 1 } } }
// model folded:   output { name: "z" type { tensor_type { elem_type: 1 } } } }
// FOLDED-DAG: %[[B:.*]] = loom.constant dense<{{\[\[\[}}1.000000e+00], [0.000000e+00]]]> : tensor<1x2x1xf32>
// FOLDED-DAG: %[[S:.*]] = loom.constant dense<{{\[\[\[}}2.000000e+00], [1.000000e+00]]]> : tensor<1x2x1xf32>
// FOLDED-DAG: %[[ONE:.*]] = loom.constant dense<1.000000e+00> : tensor<f32>
// FOLDED-DAG: %[[ZERO:.*]] = loom.constant dense<0.000000e+00> : tensor<f32>
// FOLDED-DAG: %[[F:.*]] = loom.constant dense<{{\[\[\[}}1.000000e+00], [2.000000e+00]]]> : tensor<1x2x1xf32>
// FOLDED-DAG: %[[SHIFT:.*]] = loom.constant dense<{{\[\[\[}}0.000000e+00], [2.000000e+00]]]> : tensor<1x2x1xf32>
// FOLDED: %[[SCALED:.*]] = loom.mul %arg0, %[[F]]
// FOLDED: %[[Y:.*]] = loom.add %[[SCALED]], %[[SHIFT]]
// FOLDED: %[[N:.*]] = loom.layer_norm %arg0, %[[ONE]], %[[ZERO]] axis 2 epsilon 0.00999999977 : (tensor<1x2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<1x2x3xf32>
// FOLDED: %[[NS:.*]] = loom.mul %[[N]], %[[S]]
// FOLDED: %[[Z:.*]] = loom.add %[[NS]], %[[B]]
// FOLDED: return %[[Y]], %[[Z]]

// Before opset 9, spatial = 0 gives one parameter per element of a sample.
// RUN: sed -n 's|^// model spatial: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.spatial.onnx
// RUN: loomc %t.spatial.onnx | FileCheck %s --check-prefix=SPATIAL
// model spatial: ir_version: 3 opset_import { version: 7 } graph { name: "g"
// model spatial:   node { input: "x" input: "p" input: "p" input: "p" input: "p" output: "y" op_type: "BatchNormalization"
// model spatial:          attribute { name: "spatial" type: INT i: 0 } }
// model spatial:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
// model spatial:   input { name: "p" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
// model spatial:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// SPATIAL: loom.reshape %{{.*}} : tensor<3x4xf32> to tensor<1x3x4xf32>
// SPATIAL: loom.mul %arg0, %{{.*}} : (tensor<2x3x4xf32>, tensor<1x3x4xf32>) -> tensor<2x3x4xf32>

// Asking for the running statistics in inference mode is refused
// (training mode computes them: nn_batchnorm_training.mlir).
// RUN: sed -n 's|^// model folded: ||p' %s | sed 's|output: "y" op_type: "BatchNormalization"|output: "y" output: "running_mean" op_type: "BatchNormalization"|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.stats.onnx
// RUN: not loomc %t.stats.onnx 2>&1 | FileCheck %s --check-prefix=STATS
// STATS: training mode is not supported: output 1 ('running_mean') is a statistic only training computes

// LayerNormalization: loom.layer_norm with a non-negative axis; Mean and
// InvStdDev come from reductions over the normalized dimensions.
// RUN: loomc %onnx_data/node/test_layer_normalization_3d_axis_negative_2_epsilon/model.onnx | FileCheck %s --check-prefix=LN
// LN: %[[EPS:.*]] = loom.constant dense<1.000000e-01> : tensor<f32>
// LN: %[[Y:.*]] = loom.layer_norm %arg0, %arg1, %arg2 axis 1 epsilon 1.000000e-01 : (tensor<2x3x5xf32>, tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<2x3x5xf32>
// LN: %[[MEAN:.*]] = loom.reduce_mean %arg0 axes [1, 2] keepdims : (tensor<2x3x5xf32>) -> tensor<2x1x1xf32>
// LN: %[[C:.*]] = loom.sub %arg0, %[[MEAN]]
// LN: %[[SQ:.*]] = loom.mul %[[C]], %[[C]]
// LN: %[[VAR:.*]] = loom.reduce_mean %[[SQ]] axes [1, 2] keepdims
// LN: %[[VE:.*]] = loom.add %[[VAR]], %[[EPS]]
// LN: %[[INV:.*]] = loom.rsqrt %[[VE]] : tensor<2x1x1xf32>
// LN: return %[[Y]], %[[MEAN]], %[[INV]]

// Without B the bias is zero; without the optional outputs no reductions.
// RUN: sed -n 's|^// model ln: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.ln.onnx
// RUN: loomc %t.ln.onnx | FileCheck %s --check-prefix=LN-NO-BIAS
// model ln: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model ln:   node { input: "x" input: "s" output: "y" op_type: "LayerNormalization" }
// model ln:   input { name: "x" type { tensor_type { elem_type: 10 shape { dim { dim_value: 2 } dim { dim_value: 8 } } } } }
// model ln:   input { name: "s" type { tensor_type { elem_type: 10 shape { dim { dim_value: 8 } } } } }
// model ln:   output { name: "y" type { tensor_type { elem_type: 10 } } } }
// LN-NO-BIAS: %[[ZERO:.*]] = loom.constant dense<0.000000e+00> : tensor<f16>
// LN-NO-BIAS: loom.layer_norm %arg0, %arg1, %[[ZERO]] axis 1 : (tensor<2x8xf16>, tensor<8xf16>, tensor<f16>) -> tensor<2x8xf16>
// LN-NO-BIAS-NOT: reduce_mean
