// A TopK whose K is a graph input, compiled for the CPU and run with
// several K (docs/dynamic-shapes.md): values and indices come back at the
// shape each run gives, ties by lower index first; a K above the axis'
// size fails the run with one line naming the output. The model is
// test_top_k from the ONNX suite: x 3x4 f32, axis 1.
// RUN: rm -rf %t && mkdir -p %t
// RUN: loomc %onnx_data/node/test_top_k/model.onnx --target=cpu -o %t/k.loom
// RUN: loom-run %t/k.loom --input=3x4xf32=0,1,2,3,4,5,6,7,8,9,10,11 --input=1xi64=3 2>%t/ran | FileCheck %s --check-prefix=THREE
// RUN: FileCheck %s --check-prefix=RAN < %t/ran
// THREE: output 'values': 3x3xf32 [3, 2, 1, 7, 6, 5, 11, 10, 9]
// THREE: output 'indices': 3x3xi64 [3, 2, 1, 3, 2, 1, 3, 2, 1]
// RAN: data-dependent shapes: values=3x3xf32, indices=3x3xi64

// Equal values: the lower index first. K = 0 gives empty outputs; K = 4 is
// the whole axis.
// RUN: loom-run %t/k.loom --input=3x4xf32=5,1,5,1,0,0,0,0,2,3,3,2 --input=1xi64=2 2>/dev/null | FileCheck %s --check-prefix=TIES
// TIES: output 'values': 3x2xf32 [5, 5, 0, 0, 3, 3]
// TIES: output 'indices': 3x2xi64 [0, 2, 0, 1, 1, 2]
// RUN: loom-run %t/k.loom --input=3x4xf32=1 --input=1xi64=0 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: data-dependent shapes: values=3x0xf32, indices=3x0xi64
// RUN: loom-run %t/k.loom --input=3x4xf32=1 --input=1xi64=4 2>&1 | FileCheck %s --check-prefix=ALL
// ALL: data-dependent shapes: values=3x4xf32, indices=3x4xi64

// K above the axis' size of 4, or negative.
// RUN: not loom-run %t/k.loom --input=3x4xf32=1 --input=1xi64=5 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not loom-run %t/k.loom --input=3x4xf32=1 --input=1xi64=-1 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: loom-run: error: {{.*}}k.loom: output 'values': the TopK's run-time K is negative or above the size of its axis
// BAD-NOT: error
