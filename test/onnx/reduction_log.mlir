// ReduceLogSum = log(sum x); ReduceLogSumExp in the stable form
// m + log(sum exp(x - m)), m the maximum where it is finite and 0 elsewhere.

// RUN: loomc %onnx_data/node/test_reduce_log_sum_desc_axes/model.onnx | FileCheck %s --check-prefix=LOGSUM
// LOGSUM: %[[SUM:.*]] = loom.reduce_sum %{{.*}} axes [1, 2] : (tensor<3x4x5xf32>) -> tensor<3xf32>
// LOGSUM: loom.log %[[SUM]] : tensor<3xf32>

// The shift keeps the reduced dimension to broadcast against the input;
// without keepdims it is dropped at the end.
// RUN: loomc %onnx_data/node/test_reduce_log_sum_exp_do_not_keepdims_example/model.onnx | FileCheck %s --check-prefix=LSE
// LSE-DAG: %[[ZERO:.*]] = loom.constant dense<0.000000e+00> : tensor<f64>
// LSE-DAG: %[[INF:.*]] = loom.constant dense<0x7FF0000000000000> : tensor<f64>
// LSE: %[[MAX:.*]] = loom.reduce_max %[[X:.*]] axes [1] keepdims : (tensor<3x2x2xf64>) -> tensor<3x1x2xf64>
// LSE: %[[ABS:.*]] = loom.abs %[[MAX]]
// LSE: %[[FINITE:.*]] = loom.compare lt, %[[ABS]], %[[INF]]
// LSE: %[[SHIFT:.*]] = loom.select %[[FINITE]], %[[MAX]], %[[ZERO]]
// LSE: %[[DIFF:.*]] = loom.sub %[[X]], %[[SHIFT]] : (tensor<3x2x2xf64>, tensor<3x1x2xf64>) -> tensor<3x2x2xf64>
// LSE: %[[EXP:.*]] = loom.exp %[[DIFF]]
// LSE: %[[SUM:.*]] = loom.reduce_sum %[[EXP]] axes [1] keepdims : (tensor<3x2x2xf64>) -> tensor<3x1x2xf64>
// LSE: %[[LOG:.*]] = loom.log %[[SUM]]
// LSE: %[[RESULT:.*]] = loom.add %[[LOG]], %[[SHIFT]]
// LSE: loom.reshape %[[RESULT]] : tensor<3x1x2xf64> to tensor<3x2xf64>

// RUN: loomc %onnx_data/node/test_reduce_log_sum_exp_keepdims_example/model.onnx | FileCheck %s --check-prefix=LSEKEEP
// LSEKEEP: %[[RESULT:.*]] = loom.add
// LSEKEEP-NOT: loom.reshape
// LSEKEEP: return %[[RESULT]] : tensor<3x1x2xf64>
