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

// Pad by run-time amounts at --max-dim=8, x = 0..59 in 1x3x4x5: reflect
// by 2 before and 1 after the last dimension ([0 1 2 3 4] -> [2 1 0 1 2 3
// 4 3]); a crop to its second element; 9 is above the bound; a reflect pad
// as wide as its dimension (4) is invalid.
// RUN: loomc %onnx_data/node/test_reflect_pad/model.onnx --target=cpu --max-dim=8 -o %t/p.loom
// RUN: loom-run %t/p.loom --input=1x3x4x5xi32=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59 --input=8xi64=0,0,0,2,0,0,0,1 2>&1 | FileCheck %s --check-prefix=REFLECT
// REFLECT: output 'y': 1x3x4x8xi32 [2, 1, 0, 1, 2, 3, 4, 3, 7, 6, 5, 6, 7, 8, 9, 8, ... (80 more)]
// RUN: loom-run %t/p.loom --input=1x3x4x5xi32=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59 --input=8xi64=0,0,0,-1,0,0,0,-3 2>&1 | FileCheck %s --check-prefix=CROP
// CROP: output 'y': 1x3x4x1xi32 [1, 6, 11, 16, 21, 26, 31, 36, 41, 46, 51, 56]
// RUN: not loom-run %t/p.loom --input=1x3x4x5xi32=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59 --input=8xi64=0,0,0,2,0,0,0,2 2>&1 | FileCheck %s --check-prefix=ABOVE
// ABOVE: output 'y': a size its inputs give at run time is above the bound 8 the model was compiled for (loomc --max-dim)
// RUN: not loom-run %t/p.loom --input=1x3x4x5xi32=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59 --input=8xi64=0,0,4,0,0,0,0,0 2>&1 | FileCheck %s --check-prefix=PADS
// PADS: output 'y': the run-time pads of its Pad are invalid
