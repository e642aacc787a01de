// A Reshape whose shape is a graph input, compiled for the CPU and run
// with several shapes (docs/dynamic-shapes.md, phase 2): the output comes
// back at the shape each run gives; an invalid shape fails the run with
// one line naming the output. The model is test_reshape_reordered_all_dims
// from the ONNX suite: data 2x3x4 f32, shape 3 x i64.
// RUN: rm -rf %t && mkdir -p %t
// RUN: loomc %onnx_data/node/test_reshape_reordered_all_dims/model.onnx --target=cpu -o %t/r.loom
// RUN: loom-run %t/r.loom --input=2x3x4xf32=1 --input=3xi64=4,2,3 2>%t/ran | FileCheck %s --check-prefix=ALL
// RUN: FileCheck %s --check-prefix=RAN < %t/ran
// ALL: output 'reshaped': 4x2x3xf32
// RAN: data-dependent shapes: reshaped=4x2x3xf32

// 0 copies the input's dimension, -1 is inferred: [2, 3, 4].
// RUN: loom-run %t/r.loom --input=2x3x4xf32=1 --input=3xi64=0,-1,4 2>&1 | FileCheck %s --check-prefix=INFER
// INFER: data-dependent shapes: reshaped=2x3x4xf32

// 5 x 5 x 1 is 25 elements, not 24; two -1s.
// RUN: not loom-run %t/r.loom --input=2x3x4xf32=1 --input=3xi64=5,5,1 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not loom-run %t/r.loom --input=2x3x4xf32=1 --input=3xi64=-1,-1,4 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: output 'reshaped': the shape its inputs give is invalid
