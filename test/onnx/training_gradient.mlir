// Gradient (ai.onnx.preview.training): the gradient of a scalar y with
// respect to xs, built from the loom-autodiff rules; zs are read but not
// differentiated; the refusals.

// RUN: loomc %onnx_data/simple/test_gradient_of_add_and_mul/model.onnx | FileCheck %s --check-prefix=ADD-MUL
// ADD-MUL-LABEL: func.func @main
// ADD-MUL-SAME: %[[A:.*]]: tensor<f32> {loom.name = "a"}, %[[B:.*]]: tensor<f32> {loom.name = "b"}
// ADD-MUL: %[[C:.*]] = loom.add %[[A]], %[[B]]
// ADD-MUL: %[[D:.*]] = loom.mul %[[C]], %[[A]]
// ADD-MUL: %[[DA:.*]] = loom.add %[[C]], %[[A]]
// ADD-MUL: return %[[D]], %[[DA]], %[[A]]

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/matmul_tanh.textproto > %t/matmul_tanh.onnx
// RUN: loomc %t/matmul_tanh.onnx --target=cpu -o %t/matmul_tanh.loom
// RUN: loom-run %t/matmul_tanh.loom --input=2x3xf32=0.5,-1.0,0.25,1.5,0.75,-0.5 --input=3x2xf32=0.2,-0.4,0.1,0.3,-0.6,0.5 --expected=f32=-0.473582898 --expected=3x2xf32=1.46984319,1.47441871,-0.487369961,-0.352265614,-0.0825172119,-0.12831458 --expected=2xf32=0,0 | FileCheck %s --check-prefix=MATMUL-TANH
// MATMUL-TANH: output 'y': matches
// MATMUL-TANH: output 'dy_dw': matches
// MATMUL-TANH: output 'dy_dunused': matches

// The node's inputs are fed in place of the values xs and zs name: y at w,
// its gradient at w2.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/fed.textproto > %t/fed.onnx
// RUN: loomc %t/fed.onnx --target=cpu -o %t/fed.loom
// RUN: loom-run %t/fed.loom --input=2x3xf32=0.5,-1.0,0.25,1.5,0.75,-0.5 --input=3x2xf32=1.0,0.5,-0.5,0.25,0.0,2.0 --input=3x2xf32=0.2,-0.4,0.1,0.3,-0.6,0.5 --expected=f32=1.97059364 --expected=3x2xf32=1.46984319,1.47441871,-0.487369961,-0.352265614,-0.0825172119,-0.12831458 | FileCheck %s --check-prefix=FED
// FED: output 'y': matches
// FED: output 'dy_dw': matches

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/not_scalar.textproto > %t/not_scalar.onnx
// RUN: not loomc %t/not_scalar.onnx 2>&1 | FileCheck %s --check-prefix=NOT-SCALAR
// NOT-SCALAR: node 'grad' (Gradient, ai.onnx.preview.training version 1): y ('y') is tensor<2xf32>; only the gradient of a float tensor of one element is supported

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/outside.textproto > %t/outside.onnx
// RUN: not loomc %t/outside.onnx 2>&1 | FileCheck %s --check-prefix=OUTSIDE
// OUTSIDE: node 'grad' (Gradient, ai.onnx.preview.training version 1): y ('y') depends on graph input 'b', which is in neither xs nor zs

//--- matmul_tanh.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "matmul_tanh"
  node { input: "x" input: "w" output: "h" op_type: "MatMul" }
  node { input: "h" output: "t" op_type: "Tanh" }
  node { input: "t" output: "y" op_type: "ReduceSum" attribute { name: "keepdims" i: 0 type: INT } }
  node {
    input: "w" input: "unused" input: "x"
    output: "dy_dw" output: "dy_dunused"
    name: "grad" op_type: "Gradient" domain: "ai.onnx.preview.training"
    attribute { name: "xs" strings: "w" strings: "unused" type: STRINGS }
    attribute { name: "zs" strings: "x" type: STRINGS }
    attribute { name: "y" s: "y" type: STRING }
  }
  initializer { name: "unused" dims: 2 data_type: 1 float_data: 1 float_data: 2 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
  output { name: "dy_dw" type { tensor_type { elem_type: 1 } } }
  output { name: "dy_dunused" type { tensor_type { elem_type: 1 } } }
}

//--- not_scalar.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "not_scalar"
  node { input: "a" output: "y" op_type: "Tanh" }
  node {
    input: "a" output: "dy_da"
    name: "grad" op_type: "Gradient" domain: "ai.onnx.preview.training"
    attribute { name: "xs" strings: "a" type: STRINGS }
    attribute { name: "y" s: "y" type: STRING }
  }
  input { name: "a" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "dy_da" type { tensor_type { elem_type: 1 } } }
}

//--- outside.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "outside"
  node { input: "a" input: "b" output: "y" op_type: "Mul" }
  node {
    input: "a" output: "dy_da"
    name: "grad" op_type: "Gradient" domain: "ai.onnx.preview.training"
    attribute { name: "xs" strings: "a" type: STRINGS }
    attribute { name: "y" s: "y" type: STRING }
  }
  input { name: "a" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "b" type { tensor_type { elem_type: 1 shape { } } } }
  output { name: "dy_da" type { tensor_type { elem_type: 1 } } }
}

//--- fed.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "fed"
  node { input: "x" input: "w" output: "h" op_type: "MatMul" }
  node { input: "h" output: "t" op_type: "Tanh" }
  node { input: "t" output: "y" op_type: "ReduceSum" attribute { name: "keepdims" i: 0 type: INT } }
  node {
    input: "w2" input: "x"
    output: "dy_dw"
    name: "grad" op_type: "Gradient" domain: "ai.onnx.preview.training"
    attribute { name: "xs" strings: "w" type: STRINGS }
    attribute { name: "zs" strings: "x" type: STRINGS }
    attribute { name: "y" s: "y" type: STRING }
  }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 2 } } } } }
  input { name: "w2" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
  output { name: "dy_dw" type { tensor_type { elem_type: 1 } } }
}
