// Sum, Mean, Max and Min fold their inputs pairwise with broadcasting; one
// input is returned as it is.

// RUN: loomc %onnx_data/node/test_mean_example/model.onnx | FileCheck %s --check-prefix=MEAN
// MEAN: %[[THREE:.*]] = loom.constant dense<3.000000e+00> : tensor<f32>
// MEAN: %[[SUM1:.*]] = loom.add %arg0, %arg1
// MEAN: %[[SUM2:.*]] = loom.add %[[SUM1]], %arg2
// MEAN: loom.div %[[SUM2]], %[[THREE]]

// RUN: loomc %onnx_data/node/test_max_example/model.onnx | FileCheck %s --check-prefix=MAX
// MAX: %[[MAX1:.*]] = loom.max %arg0, %arg1
// MAX: loom.max %[[MAX1]], %arg2

// RUN: loomc %onnx_data/node/test_mean_one_input/model.onnx | FileCheck %s --check-prefix=ONE
// RUN: loomc %onnx_data/node/test_sum_one_input/model.onnx | FileCheck %s --check-prefix=ONE
// RUN: loomc %onnx_data/node/test_min_one_input/model.onnx | FileCheck %s --check-prefix=ONE
// ONE-NOT: = loom.
// ONE: return %arg0 : tensor<3xf32>
