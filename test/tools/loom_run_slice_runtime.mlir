// A Slice whose starts, ends, axes and steps are graph inputs, compiled for
// the CPU and run with several bounds (docs/dynamic-shapes.md): the output
// comes back at the shape each run gives, with ONNX's clamping; invalid
// axes or steps fail the run with one line naming the output. The model
// slices a 3x4 f32 by 2 entries of each list.
// RUN: rm -rf %t && mkdir -p %t && split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/slice.textproto > %t/slice.onnx
// RUN: loomc %t/slice.onnx --target=cpu -o %t/s.loom
// RUN: loom-run %t/s.loom --input=3x4xf32=0,1,2,3,4,5,6,7,8,9,10,11 --input=2xi64=1,0 --input=2xi64=3,4 --input=2xi64=0,1 --input=2xi64=1,2 2>%t/ran | FileCheck %s --check-prefix=FORWARD
// RUN: FileCheck %s --check-prefix=RAN < %t/ran
// FORWARD: output 'y': 2x2xf32 [4, 6, 8, 10]
// RAN: data-dependent shapes: y=2x2xf32

// Backward, negative axes, INT64_MIN and out-of-range bounds: rows from the
// last to the first by -2, columns 3 to 1.
// RUN: loom-run %t/s.loom --input=3x4xf32=0,1,2,3,4,5,6,7,8,9,10,11 --input=2xi64=-1,1000 --input=2xi64=-9223372036854775808,0 --input=2xi64=-2,-1 --input=2xi64=-2,-1 2>/dev/null | FileCheck %s --check-prefix=BACKWARD
// BACKWARD: output 'y': 2x3xf32 [11, 10, 9, 3, 2, 1]

// Bounds that select nothing give an empty output.
// RUN: loom-run %t/s.loom --input=3x4xf32=1 --input=2xi64=2,0 --input=2xi64=1,4 --input=2xi64=0,1 --input=2xi64=1,1 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: data-dependent shapes: y=0x4xf32

// An axis given twice, an axis past the rank, a step of 0.
// RUN: not loom-run %t/s.loom --input=3x4xf32=1 --input=2xi64=0,0 --input=2xi64=1,1 --input=2xi64=0,-2 --input=2xi64=1,1 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not loom-run %t/s.loom --input=3x4xf32=1 --input=2xi64=0,0 --input=2xi64=1,1 --input=2xi64=0,2 --input=2xi64=1,1 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not loom-run %t/s.loom --input=3x4xf32=1 --input=2xi64=0,0 --input=2xi64=1,1 --input=2xi64=0,1 --input=2xi64=1,0 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: loom-run: error: {{.*}}s.loom: output 'y': the Slice's run-time axes or steps are invalid (an axis outside [-rank, rank), an axis given twice, or a step of 0)
// BAD-NOT: error

//--- slice.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "slice" op_type: "Slice" input: "x" input: "starts" input: "ends" input: "axes" input: "steps" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  input { name: "starts" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  input { name: "ends" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  input { name: "axes" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  input { name: "steps" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
