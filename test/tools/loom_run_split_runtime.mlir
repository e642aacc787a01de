// A Split whose sizes are a graph input, compiled for the CPU and run with
// several sizes (docs/dynamic-shapes.md): each output comes back at the
// shape its run gives; sizes that do not add up to the axis fail the run
// with one line naming the output. The model is
// test_split_variable_parts_2d from the ONNX suite: a 2x6 f32 split along
// axis 1 into 2 outputs.
// RUN: rm -rf %t && mkdir -p %t
// RUN: loomc %onnx_data/node/test_split_variable_parts_2d/model.onnx --target=cpu -o %t/s.loom
// RUN: loom-run %t/s.loom --input=2x6xf32=0,1,2,3,4,5,6,7,8,9,10,11 --input=2xi64=2,4 2>%t/ran | FileCheck %s --check-prefix=PARTS
// RUN: FileCheck %s --check-prefix=RAN < %t/ran
// PARTS: output 'output_1': 2x2xf32 [0, 1, 6, 7]
// PARTS: output 'output_2': 2x4xf32 [2, 3, 4, 5, 8, 9, 10, 11]
// RAN: data-dependent shapes: output_1=2x2xf32, output_2=2x4xf32

// A part of size 0.
// RUN: loom-run %t/s.loom --input=2x6xf32=0,1,2,3,4,5,6,7,8,9,10,11 --input=2xi64=6,0 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: data-dependent shapes: output_1=2x6xf32, output_2=2x0xf32

// Sizes adding up to 5 or 7, and a negative size.
// RUN: not loom-run %t/s.loom --input=2x6xf32=1 --input=2xi64=2,3 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not loom-run %t/s.loom --input=2x6xf32=1 --input=2xi64=3,4 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not loom-run %t/s.loom --input=2x6xf32=1 --input=2xi64=-1,7 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: loom-run: error: {{.*}}s.loom: output 'output_1': the Split's run-time sizes are invalid (a negative size, or sizes that do not add up to the size of its axis)
// BAD-NOT: error
