// loom-run on OneHot with a run-time depth and Resize with run-time scales
// or sizes (docs/dynamic-shapes.md), compiled once for the CPU at
// --max-dim=8 and run at several sizes; above the bound and invalid inputs
// fail the run with one line naming the output.
// RUN: rm -rf %t && mkdir -p %t

// OneHot of indices (0, 2, -1) on the last axis: depth 4 (the -1 wraps to
// 3), a fractional depth truncated to 3, depth 0 (empty), 9 above the
// bound, a negative depth.
// RUN: loomc %onnx_data/node/test_onehot_without_axis/model.onnx --target=cpu --max-dim=8 -o %t/o.loom
// RUN: loom-run %t/o.loom --input=3xi64=0,2,-1 --input=f32=4 --input=2xi32=0,1 2>&1 | FileCheck %s --check-prefix=ONEHOT
// ONEHOT: data-dependent shapes: y=3x4xi32
// ONEHOT: output 'y': 3x4xi32 [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
// RUN: loom-run %t/o.loom --input=3xi64=0,2,-1 --input=f32=3.7 --input=2xi32=0,1 2>&1 | FileCheck %s --check-prefix=ONEHOT-TRUNCATED
// ONEHOT-TRUNCATED: output 'y': 3x3xi32 [1, 0, 0, 0, 0, 1, 0, 0, 1]
// RUN: loom-run %t/o.loom --input=3xi64=0,2,-1 --input=f32=0 --input=2xi32=0,1 2>&1 | FileCheck %s --check-prefix=ONEHOT-DEPTH0
// ONEHOT-DEPTH0: output 'y': 3x0xi32 []
// RUN: not loom-run %t/o.loom --input=3xi64=0,2,-1 --input=f32=9 --input=2xi32=0,1 2>&1 | FileCheck %s --check-prefix=ONEHOT-ABOVE
// ONEHOT-ABOVE: output 'y': a size its inputs give at run time is above the bound 8 the model was compiled for (loomc --max-dim)
// RUN: not loom-run %t/o.loom --input=3xi64=0,2,-1 --input=f32=-2 --input=2xi32=0,1 2>&1 | FileCheck %s --check-prefix=ONEHOT-NEGATIVE
// ONEHOT-NEGATIVE: output 'y': a size its inputs give at run time is invalid (a negative size, repeat or OneHot depth

// Linear resize of [[1, 2], [3, 4]] by scales: 2x2 (ONNX's example), 1.5 x
// 3, 0.5 x 0.5 (one element), a scale that leaves a dimension empty, a
// scale above the bound, a scale of 0.
// RUN: loomc %onnx_data/node/test_resize_upsample_scales_linear/model.onnx --target=cpu --max-dim=8 -o %t/r.loom
// RUN: loom-run %t/r.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,2,2 2>&1 | FileCheck %s --check-prefix=LINEAR
// LINEAR: data-dependent shapes: Y=1x1x4x4xf32
// LINEAR: output 'Y': 1x1x4x4xf32 [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]
// RUN: loom-run %t/r.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,1.5,3 2>&1 | FileCheck %s --check-prefix=LINEAR-ODD
// LINEAR-ODD: data-dependent shapes: Y=1x1x3x6xf32
// RUN: loom-run %t/r.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,0.5,0.5 2>&1 | FileCheck %s --check-prefix=LINEAR-ONE
// LINEAR-ONE: output 'Y': 1x1x1x1xf32 [2.5]
// RUN: loom-run %t/r.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,0.1,1 2>&1 | FileCheck %s --check-prefix=LINEAR-NONE
// LINEAR-NONE: output 'Y': 1x1x0x2xf32 []
// RUN: not loom-run %t/r.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,5,1 2>&1 | FileCheck %s --check-prefix=LINEAR-ABOVE
// LINEAR-ABOVE: output 'Y': a size its inputs give at run time is above the bound 8 the model was compiled for (loomc --max-dim)
// RUN: not loom-run %t/r.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,0,1 2>&1 | FileCheck %s --check-prefix=LINEAR-ZERO
// LINEAR-ZERO: output 'Y': the run-time scales or sizes of its Resize are invalid (a scale that is not positive and finite, a negative size, an empty dimension resized to a size above 0, or an Upsample scale below 1)

// Nearest resize to sizes: 4x6, a negative size, a size above the bound.
// RUN: loomc %onnx_data/node/test_resize_upsample_sizes_nearest/model.onnx --target=cpu --max-dim=8 -o %t/n.loom
// RUN: loom-run %t/n.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xi64=1,1,4,6 2>&1 | FileCheck %s --check-prefix=NEAREST
// NEAREST: output 'Y': 1x1x4x6xf32 [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, ... (8 more)]
// RUN: not loom-run %t/n.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xi64=1,1,-1,2 2>&1 | FileCheck %s --check-prefix=NEAREST-NEGATIVE
// NEAREST-NEGATIVE: output 'Y': the run-time scales or sizes of its Resize are invalid
// RUN: not loom-run %t/n.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xi64=1,1,9,2 2>&1 | FileCheck %s --check-prefix=NEAREST-ABOVE
// NEAREST-ABOVE: output 'Y': a size its inputs give at run time is above the bound 8

// Upsample (opset 9) by run-time scales: nearest rounds down as the
// dimensions grow; a scale below 1 fails the run.
// RUN: loomc %onnx_data/node/test_upsample_nearest/model.onnx --target=cpu --max-dim=8 -o %t/u.loom
// RUN: loom-run %t/u.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,2,3 2>&1 | FileCheck %s --check-prefix=UPSAMPLE
// UPSAMPLE: output 'Y': 1x1x4x6xf32 [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, ... (8 more)]
// RUN: not loom-run %t/u.loom --input=1x1x2x2xf32=1,2,3,4 --input=4xf32=1,1,0.5,1 2>&1 | FileCheck %s --check-prefix=UPSAMPLE-SHRINK
// UPSAMPLE-SHRINK: output 'Y': the run-time scales or sizes of its Resize are invalid (a scale that is not positive and finite, a negative size, an empty dimension resized to a size above 0, or an Upsample scale below 1)
