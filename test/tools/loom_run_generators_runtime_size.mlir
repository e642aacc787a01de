// ConstantOfShape, Range, a window, Expand and Tile sized by a graph input, compiled
// for the CPU with --max-dim and run at several sizes
// (docs/dynamic-shapes.md): each output comes back at the size its inputs
// give; a size above the bound, or an invalid one, fails the run with one
// line naming the output. The models are from the ONNX suite.
// RUN: rm -rf %t && mkdir -p %t

// Without --max-dim loomc refuses with one line asking for it.
// RUN: not loomc %onnx_data/node/test_constantofshape_int_zeros/model.onnx --target=cpu -o %t/c.loom 2>&1 | FileCheck %s --check-prefix=NO-BOUND
// NO-BOUND: input 0 (shape, 'x') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N

// ConstantOfShape (i32 zeros) at bound 4: 2x3, a 0 dimension, 5 above the
// bound, a negative size.
// RUN: loomc %onnx_data/node/test_constantofshape_int_zeros/model.onnx --target=cpu --max-dim=4 -o %t/c.loom
// RUN: loom-run %t/c.loom --input=2xi64=2,3 2>&1 | FileCheck %s --check-prefix=COS
// COS-DAG: output 'y': 2x3xi32 [0, 0, 0, 0, 0, 0]
// COS-DAG: data-dependent shapes: y=2x3xi32
// RUN: loom-run %t/c.loom --input=2xi64=0,3 2>&1 | FileCheck %s --check-prefix=COS-ZERO-DIM
// COS-ZERO-DIM: output 'y': 0x3xi32 []
// RUN: not loom-run %t/c.loom --input=2xi64=5,3 2>&1 | FileCheck %s --check-prefix=COS-ABOVE
// COS-ABOVE: loom-run: error: {{.*}}c.loom: output 'y': a size its inputs give at run time is above the bound 4 the model was compiled for (loomc --max-dim)
// COS-ABOVE-NOT: error
// RUN: not loom-run %t/c.loom --input=2xi64=-1,3 2>&1 | FileCheck %s --check-prefix=COS-NEGATIVE
// COS-NEGATIVE: output 'y': a size its inputs give at run time is invalid (a negative size, repeat or OneHot depth, a Range whose delta is 0, or an Expand shape that does not broadcast with its input)

// Range (f32) at bound 8: 1, 3 from [1, 5) by 2; 100 elements above the
// bound; a delta of 0.
// RUN: loomc %onnx_data/node/test_range_float_type_positive_delta/model.onnx --target=cpu --max-dim=8 -o %t/r.loom
// RUN: loom-run %t/r.loom --input=f32=1 --input=f32=5 --input=f32=2 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: output 'output': 2xf32 [1, 3]
// RUN: loom-run %t/r.loom --input=f32=5 --input=f32=1 --input=f32=2 2>&1 | FileCheck %s --check-prefix=RANGE-NONE
// RANGE-NONE: output 'output': 0xf32 []
// RUN: not loom-run %t/r.loom --input=f32=0 --input=f32=100 --input=f32=1 2>&1 | FileCheck %s --check-prefix=RANGE-ABOVE
// RANGE-ABOVE: output 'output': a size its inputs give at run time is above the bound 8
// RUN: not loom-run %t/r.loom --input=f32=0 --input=f32=1 --input=f32=0 2>&1 | FileCheck %s --check-prefix=RANGE-ZERO
// RANGE-ZERO: output 'output': a size its inputs give at run time is invalid

// Range (i32) counting down: 10, 7 from 10 toward 6 by -3.
// RUN: loomc %onnx_data/node/test_range_int32_type_negative_delta/model.onnx --target=cpu --max-dim=8 -o %t/ri.loom
// RUN: loom-run %t/ri.loom --input=i32=10 --input=i32=6 --input=i32=-3 2>&1 | FileCheck %s --check-prefix=RANGE-INT
// RANGE-INT: output 'output': 2xi32 [10, 7]

// A symmetric Hann window of 5, of 0, and of 9 above the bound 8.
// RUN: loomc %onnx_data/node/test_hannwindow_symmetric/model.onnx --target=cpu --max-dim=8 -o %t/w.loom
// RUN: loom-run %t/w.loom --input=i32=5 2>&1 | FileCheck %s --check-prefix=HANN
// HANN: output 'y': 5xf32 [0, 0.5, 1, 0.5, 0]
// RUN: loom-run %t/w.loom --input=i32=0 2>&1 | FileCheck %s --check-prefix=HANN-NONE
// HANN-NONE: output 'y': 0xf32 []
// RUN: not loom-run %t/w.loom --input=i32=9 2>&1 | FileCheck %s --check-prefix=HANN-ABOVE
// HANN-ABOVE: output 'y': a size its inputs give at run time is above the bound 8

// Expand of a 3x1 input (1, 2, 3) at bound 8: to 2x3x2, to 1x3x1, to 9
// columns above the bound, to 2 rows that do not broadcast with 3.
// RUN: loomc %onnx_data/node/test_expand_dim_changed/model.onnx --target=cpu --max-dim=8 -o %t/e.loom
// RUN: loom-run %t/e.loom --input=3x1xf32=1,2,3 --input=3xi64=2,1,2 2>&1 | FileCheck %s --check-prefix=EXPAND
// EXPAND: output 'expanded': 2x3x2xf32 [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]
// RUN: loom-run %t/e.loom --input=3x1xf32=1,2,3 --input=3xi64=1,1,1 2>&1 | FileCheck %s --check-prefix=EXPAND-ONES
// EXPAND-ONES: output 'expanded': 1x3x1xf32 [1, 2, 3]
// RUN: not loom-run %t/e.loom --input=3x1xf32=1,2,3 --input=3xi64=1,1,9 2>&1 | FileCheck %s --check-prefix=EXPAND-ABOVE
// EXPAND-ABOVE: output 'expanded': a size its inputs give at run time is above the bound 8
// RUN: not loom-run %t/e.loom --input=3x1xf32=1,2,3 --input=3xi64=1,2,1 2>&1 | FileCheck %s --check-prefix=EXPAND-BAD
// EXPAND-BAD: output 'expanded': a size its inputs give at run time is invalid

// Tile of a 2x2 input (1, 2, 3, 4) at bound 8: by [1, 2], by [0, 1] (empty),
// by [5, 1] above the bound (10 rows), by a negative repeat.
// RUN: loomc %onnx_data/node/test_tile_precomputed/model.onnx --target=cpu --max-dim=8 -o %t/t.loom
// RUN: loom-run %t/t.loom --input=2x2xf32=1,2,3,4 --input=2xi64=1,2 2>&1 | FileCheck %s --check-prefix=TILE
// TILE: output 'z': 2x4xf32 [1, 2, 1, 2, 3, 4, 3, 4]
// RUN: loom-run %t/t.loom --input=2x2xf32=1,2,3,4 --input=2xi64=0,1 2>&1 | FileCheck %s --check-prefix=TILE-NONE
// TILE-NONE: output 'z': 0x2xf32 []
// RUN: not loom-run %t/t.loom --input=2x2xf32=1,2,3,4 --input=2xi64=5,1 2>&1 | FileCheck %s --check-prefix=TILE-ABOVE
// TILE-ABOVE: output 'z': a size its inputs give at run time is above the bound 8
// RUN: not loom-run %t/t.loom --input=2x2xf32=1,2,3,4 --input=2xi64=-1,1 2>&1 | FileCheck %s --check-prefix=TILE-BAD
// TILE-BAD: output 'z': a size its inputs give at run time is invalid
