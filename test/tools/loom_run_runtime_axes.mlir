// Unsqueeze, Squeeze and ReduceSum whose axes are graph inputs, compiled
// for the CPU and run with several axes (docs/dynamic-shapes.md): each run
// gives its output the shape its axes say; invalid axes fail the run with
// one line naming the output. The models are the ONNX suite's.
// RUN: rm -rf %t && mkdir -p %t
// RUN: loomc %onnx_data/node/test_unsqueeze_axis_0/model.onnx --target=cpu -o %t/u.loom
// RUN: loom-run %t/u.loom --input=3x4x5xf32=1 --input=1xi64=-1 2>&1 | FileCheck %s --check-prefix=UNSQUEEZE
// RUN: loom-run %t/u.loom --input=3x4x5xf32=1 --input=1xi64=2 2>&1 | FileCheck %s --check-prefix=UNSQUEEZE2
// UNSQUEEZE: data-dependent shapes: y=3x4x5x1xf32
// UNSQUEEZE2: data-dependent shapes: y=3x4x1x5xf32
// RUN: not loom-run %t/u.loom --input=3x4x5xf32=1 --input=1xi64=4 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: the run-time axes of its Unsqueeze, Squeeze or ReduceSum are invalid

// Squeezing a dimension of size 3 is invalid; of size 1, valid.
// RUN: loomc %onnx_data/node/test_squeeze/model.onnx --target=cpu -o %t/s.loom
// RUN: loom-run %t/s.loom --input=1x3x4x5xf32=2 --input=1xi64=-4 2>&1 | FileCheck %s --check-prefix=SQUEEZE
// SQUEEZE: data-dependent shapes: y=3x4x5xf32
// RUN: not loom-run %t/s.loom --input=1x3x4x5xf32=2 --input=1xi64=1 2>&1 | FileCheck %s --check-prefix=BAD

// The sum over axis 0 and over axis -1 (kept as 1) of twelve ones; axis 3
// is out of range.
// RUN: loomc %onnx_data/node/test_reduce_sum_keepdims_example/model.onnx --target=cpu -o %t/r.loom
// RUN: loom-run %t/r.loom --input=3x2x2xf32=1 --input=1xi64=0 2>&1 | FileCheck %s --check-prefix=SUM0
// SUM0: output 'reduced': 1x2x2xf32 [3, 3, 3, 3]
// RUN: loom-run %t/r.loom --input=3x2x2xf32=1 --input=1xi64=-1 2>&1 | FileCheck %s --check-prefix=SUM2
// SUM2: output 'reduced': 3x2x1xf32 [2, 2, 2, 2, 2, 2]
// RUN: not loom-run %t/r.loom --input=3x2x2xf32=1 --input=1xi64=3 2>&1 | FileCheck %s --check-prefix=BAD
