// Generated CPU code checks every gather/scatter index and integer divisor
// at run time (loomc --runtime-checks, on by default): a bad one fails the
// run with one line naming the node, like ONNX Runtime and the evaluator,
// where the code would otherwise clamp or divide to 0 without a word. A
// negative index within range counts from the end once. The models are at
// the end of the file.
// RUN: rm -rf %t && split-file %s %t

// ONNX Gather over a 4x3 table with run-time indices.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/gather.textproto > %t/gather.onnx
// RUN: loomc %t/gather.onnx --target=cpu -o %t/gather.loom
// RUN: loom-run %t/gather.loom --input=2xi64=-1,2 | FileCheck %s --check-prefix=INSIDE
// INSIDE: output 'rows': 2x3xf32 [30, 31, 32, 20, 21, 22]
// RUN: not loom-run %t/gather.loom --input=2xi64=1,7 2>&1 | FileCheck %s --check-prefix=ABOVE --implicit-check-not='{{.}}'
// ABOVE: loom-run: error: {{.*}}.loom: command 0: kernel '{{.*}}': node 'lookup' (loom.gather): an index is outside [-4, 3]
// RUN: not loom-run %t/gather.loom --input=2xi64=-1,-5 2>&1 | FileCheck %s --check-prefix=BELOW --implicit-check-not='{{.}}'
// BELOW: loom-run: error: {{.*}}.loom: command 0: kernel '{{.*}}': node 'lookup' (loom.gather): an index is outside [-4, 3]

// --runtime-checks=false trades the check for speed: the index is clamped.
// RUN: loomc %t/gather.onnx --target=cpu --runtime-checks=false -o %t/unchecked.loom
// RUN: loom-run %t/unchecked.loom --input=2xi64=1,7 | FileCheck %s --check-prefix=UNCHECKED
// UNCHECKED: output 'rows': 2x3xf32 [10, 11, 12, 30, 31, 32]
// The flag is the cpu target's; another target refuses it by name.
// RUN: not loomc %t/gather.onnx --target=systolic --runtime-checks=false -o %t/systolic.loom 2>&1 | FileCheck %s --check-prefix=OTHER-TARGET
// OTHER-TARGET: target 'systolic' has no option 'runtime-checks'

// The other gathers and the scatters, through the loom dialect.
// RUN: loomc %t/indexing.mlir --target=cpu -o %t/indexing.loom
// RUN: loom-run %t/indexing.loom --input=2x2xi32=0,-1,1,2 --input=2x1xi64=3,-4 --input=2xi64=0,-2 --input=2x1xi64=1,-1 | FileCheck %s --check-prefix=INDEXING
// INDEXING: output 'elements': 2x2xf32 [0, 2, 11, 12]
// RUN: not loom-run %t/indexing.loom --input=2x2xi32=0,-1,1,3 --input=2x1xi64=3,-4 --input=2xi64=0,-2 --input=2x1xi64=1,-1 2>&1 | FileCheck %s --check-prefix=ELEMENTS --implicit-check-not='{{.}}'
// ELEMENTS: loom-run: error: {{.*}}.loom: command {{[0-9]+}}: kernel '{{.*}}': loom.gather_elements at {{.*}}indexing.mlir:{{[0-9]+}}:{{[0-9]+}}: an index is outside [-3, 2]
// RUN: not loom-run %t/indexing.loom --input=2x2xi32=0,-1,1,2 --input=2x1xi64=4,-4 --input=2xi64=0,-2 --input=2x1xi64=1,-1 2>&1 | FileCheck %s --check-prefix=ND --implicit-check-not='{{.}}'
// ND: loom-run: error: {{.*}}.loom: command {{[0-9]+}}: kernel '{{.*}}': loom.gather_nd at {{.*}}: coordinate 0 of an index tuple is outside [-4, 3]
// RUN: not loom-run %t/indexing.loom --input=2x2xi32=0,-1,1,2 --input=2x1xi64=3,-4 --input=2xi64=0,-5 --input=2x1xi64=1,-1 2>&1 | FileCheck %s --check-prefix=SCATTER --implicit-check-not='{{.}}'
// SCATTER: loom-run: error: {{.*}}.loom: command {{[0-9]+}}: kernel '{{.*}}': loom.scatter at {{.*}}: an index is outside [-4, 3]
// RUN: not loom-run %t/indexing.loom --input=2x2xi32=0,-1,1,2 --input=2x1xi64=3,-4 --input=2xi64=0,-2 --input=2x1xi64=1,4 2>&1 | FileCheck %s --check-prefix=SCATTER-ND --implicit-check-not='{{.}}'
// SCATTER-ND: loom-run: error: {{.*}}.loom: command {{[0-9]+}}: kernel '{{.*}}': loom.scatter_nd at {{.*}}: coordinate 0 of an index tuple is outside [-4, 3]

// Integer division and remainder by zero (x / 0 was 0).
// RUN: loomc %t/divide.mlir --target=cpu -o %t/divide.loom
// RUN: loom-run %t/divide.loom --input=4xi32=7,-7,8,9 --input=4xi32=2,2,-3,1 | FileCheck %s --check-prefix=DIVIDE
// DIVIDE: output 'q': 4xi32 [3, -3, -2, 9]
// RUN: not loom-run %t/divide.loom --input=4xi32=7,-7,8,9 --input=4xi32=2,0,-3,1 2>&1 | FileCheck %s --check-prefix=BY-ZERO --implicit-check-not='{{.}}'
// BY-ZERO: loom-run: error: {{.*}}.loom: command 0: kernel '{{.*}}': loom.div at {{.*}}divide.mlir:{{[0-9]+}}:{{[0-9]+}}: integer division by zero
// RUN: loomc %t/remainder.mlir --target=cpu -o %t/remainder.loom
// RUN: not loom-run %t/remainder.loom --input=4xi32=7,-7,8,9 --input=4xi32=2,1,0,1 2>&1 | FileCheck %s --check-prefix=REM-BY-ZERO --implicit-check-not='{{.}}'
// REM-BY-ZERO: loom-run: error: {{.*}}.loom: command 0: kernel '{{.*}}': loom.rem at {{.*}}remainder.mlir:{{[0-9]+}}:{{[0-9]+}}: integer division by zero

//--- gather.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "gather_rows"
  node { name: "lookup" input: "table" input: "ids" output: "rows" op_type: "Gather"
         attribute { name: "axis" i: 0 type: INT } }
  initializer { name: "table" data_type: 1 dims: 4 dims: 3
                float_data: [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32] }
  input { name: "ids" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "rows" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
}

//--- indexing.mlir
func.func @main(%ei: tensor<2x2xi32>, %ni: tensor<2x1xi64>, %si: tensor<2xi64>, %ti: tensor<2x1xi64>)
    -> (tensor<2x2xf32> {loom.name = "elements"}, tensor<2x3xf32> {loom.name = "nd"},
        tensor<4xf32> {loom.name = "scattered"}, tensor<4x3xf32> {loom.name = "scattered_nd"}) {
  %data = loom.constant dense<[[0.0, 1.0, 2.0], [10.0, 11.0, 12.0], [20.0, 21.0, 22.0], [30.0, 31.0, 32.0]]> : tensor<4x3xf32>
  %row = loom.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %ones = loom.constant dense<1.0> : tensor<2xf32>
  %slices = loom.constant dense<9.0> : tensor<2x3xf32>
  %0 = loom.gather_elements %data, %ei axis 1 : (tensor<4x3xf32>, tensor<2x2xi32>) -> tensor<2x2xf32>
  %1 = loom.gather_nd %data, %ni : (tensor<4x3xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>
  %2 = loom.scatter %row, %si, %ones axis 0 reduction add : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
  %3 = loom.scatter_nd %data, %ti, %slices : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0, %1, %2, %3 : tensor<2x2xf32>, tensor<2x3xf32>, tensor<4xf32>, tensor<4x3xf32>
}

//--- divide.mlir
func.func @main(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32> {loom.name = "q"}) {
  %0 = loom.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

//--- remainder.mlir
func.func @main(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32> {loom.name = "r"}) {
  %0 = loom.rem %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
