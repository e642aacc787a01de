// BatchNormalization with training_mode = 1 normalizes with the batch's
// own mean and population variance (over every dimension but 1) and
// returns the running statistics updated with momentum.

// RUN: loomc %onnx_data/node/test_batchnorm_example_training_mode/model.onnx | FileCheck %s
// CHECK: func.func @main(%[[X:.*]]: tensor<2x3x4x5xf32> {loom.name = "x"}, %[[S:.*]]: tensor<3xf32> {loom.name = "s"}, %[[B:.*]]: tensor<3xf32> {loom.name = "bias"}, %[[M:.*]]: tensor<3xf32> {loom.name = "mean"}, %[[V:.*]]: tensor<3xf32> {loom.name = "var"})
// CHECK-DAG: %[[MOMENTUM:.*]] = loom.constant dense<0.899999976> : tensor<f32>
// CHECK-DAG: %[[REST:.*]] = loom.constant dense<0.100000024> : tensor<f32>
// CHECK: %[[MEAN:.*]] = loom.reduce_mean %[[X]] axes [0, 2, 3] keepdims
// CHECK: %[[CENTERED:.*]] = loom.sub %[[X]], %[[MEAN]]
// CHECK: %[[SQUARES:.*]] = loom.mul %[[CENTERED]], %[[CENTERED]]
// CHECK: %[[VAR:.*]] = loom.reduce_mean %[[SQUARES]] axes [0, 2, 3] keepdims
// CHECK: %[[Y:.*]] = loom.add %{{.*}}, %{{.*}} : (tensor<2x3x4x5xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x4x5xf32>
// CHECK: %[[MEAN3:.*]] = loom.reshape %[[MEAN]] : tensor<1x3x1x1xf32> to tensor<3xf32>
// CHECK: %[[NEWPART:.*]] = loom.mul %[[MEAN3]], %[[REST]]
// CHECK: %[[OLDPART:.*]] = loom.mul %[[M]], %[[MOMENTUM]]
// CHECK: %[[RMEAN:.*]] = loom.add %[[OLDPART]], %[[NEWPART]]
// CHECK: %[[VAR3:.*]] = loom.reshape %[[VAR]] : tensor<1x3x1x1xf32> to tensor<3xf32>
// CHECK: %[[RVAR:.*]] = loom.add
// CHECK: return %[[Y]], %[[RMEAN]], %[[RVAR]]
