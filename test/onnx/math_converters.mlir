// Trigonometric ops map to their loom ops; tests and activations decompose.

// RUN: loomc %onnx_data/node/test_atanh/model.onnx | FileCheck %s --check-prefix=ATANH
// ATANH: loom.atanh %{{.*}} : tensor<3x4x5xf32>

// RUN: loomc %onnx_data/node/test_acosh/model.onnx | FileCheck %s --check-prefix=ACOSH
// ACOSH: loom.acosh %{{.*}} : tensor<3x4x5xf32>

// IsNaN is x != x.
// RUN: loomc %onnx_data/node/test_isnan/model.onnx | FileCheck %s --check-prefix=ISNAN
// ISNAN: loom.compare ne, %[[X:.*]], %[[X]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>

// IsInf with detect_negative = 0 only compares with +inf.
// RUN: loomc %onnx_data/node/test_isinf_positive/model.onnx | FileCheck %s --check-prefix=ISINF
// ISINF: %[[INF:.*]] = loom.constant dense<0x7F800000> : tensor<f32>
// ISINF-NOT: loom.or
// ISINF: loom.compare eq, %{{.*}}, %[[INF]]

// ThresholdedRelu selects x above alpha.
// RUN: loomc %onnx_data/node/test_thresholdedrelu/model.onnx | FileCheck %s --check-prefix=THRESHOLD
// THRESHOLD: %[[ALPHA:.*]] = loom.constant dense<2.000000e+00> : tensor<f32>
// THRESHOLD: %[[ABOVE:.*]] = loom.compare gt, %{{.*}}, %[[ALPHA]]
// THRESHOLD: loom.select %[[ABOVE]], %{{.*}}, %{{.*}}

// LRN sums squares over a channel window with an average pool.
// RUN: loomc %onnx_data/node/test_lrn/model.onnx | FileCheck %s --check-prefix=LRN
// LRN: loom.reshape %{{.*}} : tensor<5x5x5x5xf32> to tensor<5x1x5x25xf32>
// LRN: loom.avg_pool %{{.*}} kernel [3, 1] strides [1, 1] pad_low [1, 0] pad_high [1, 0] count_include_pad
// LRN: loom.pow

// A window length given at run time needs a bound (--max-dim;
// test/onnx/data_shaped_generators.mlir).
// RUN: not loomc %onnx_data/node/test_hannwindow/model.onnx 2>&1 | FileCheck %s --check-prefix=WINDOW
// WINDOW: input 0 (size, 'x') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
