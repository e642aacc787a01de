// The optimizers of ai.onnx.preview.training (Adagrad, Adam, Momentum): a
// model that imports only that domain, each update rule as elementwise loom
// ops, run on the CPU at steps T > 0 (the suite's cases are all at T = 0),
// and the refusals.

// RUN: loomc %onnx_data/node/test_adagrad/model.onnx | FileCheck %s --check-prefix=ADAGRAD
// ADAGRAD-LABEL: func.func @main
// ADAGRAD-SAME: %[[R:.*]]: tensor<f32> {loom.name = "R"}, %[[T:.*]]: tensor<i64> {loom.name = "T"}
// ADAGRAD: loom.cast %[[T]] : tensor<i64> to tensor<f32>
// ADAGRAD: loom.div %[[R]]
// ADAGRAD: loom.sqrt
// ADAGRAD: return {{.*}} : tensor<1xf32>, tensor<1xf32>

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/adam.textproto > %t/adam.onnx
// RUN: loomc %t/adam.onnx --target=cpu -o %t/adam.loom
// RUN: loom-run %t/adam.loom --input=f32=0.05 --input=i64=3 --input=2xf32=1.5,-2.0 --input=2xf32=0.3,-0.7 --input=2xf32=0.1,0.2 --input=2xf32=0.01,0.04 --expected=2xf32=1.33911248,-1.80485559 --expected=2xf32=0.121500005,0.107999978 --expected=2xf32=0.0100892239,0.0404783938 | FileCheck %s --check-prefix=ADAM
// ADAM: output 'X_new': matches
// ADAM: output 'V_new': matches
// ADAM: output 'H_new': matches

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/adagrad.textproto > %t/adagrad.onnx
// RUN: loomc %t/adagrad.onnx --target=cpu -o %t/adagrad.loom
// RUN: loom-run %t/adagrad.loom --input=f32=0.1 --input=i64=2 --input=3xf32=1,-1,2 --input=3xf32=0.5,0.25,-1 --input=3xf32=0.1,0,1 --expected=3xf32=0.957286368,-1.04997827,2.03462409 --expected=3xf32=0.3704,0.0529000002,1.9216 | FileCheck %s --check-prefix=ADAGRAD-STEP
// ADAGRAD-STEP: output 'X_new': matches
// ADAGRAD-STEP: output 'H_new': matches

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/nesterov.textproto > %t/nesterov.onnx
// RUN: loomc %t/nesterov.onnx --target=cpu -o %t/nesterov.loom
// RUN: loom-run %t/nesterov.loom --input=f32=0.1 --input=i64=4 --input=2xf32=1,2 --input=2xf32=0.1,-0.2 --input=2xf32=0.3,0.4 --expected=2xf32=0.959750001,1.9937 --expected=2xf32=0.324999993,0.26999999 | FileCheck %s --check-prefix=NESTEROV
// NESTEROV: output 'X_new': matches
// NESTEROV: output 'V_new': matches

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bad_mode.textproto > %t/bad_mode.onnx
// RUN: not loomc %t/bad_mode.onnx 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: node 'step' (Momentum, ai.onnx.preview.training version 1): mode 'heavy_ball' is neither 'standard' nor 'nesterov'

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/groups.textproto > %t/groups.onnx
// RUN: not loomc %t/groups.onnx 2>&1 | FileCheck %s --check-prefix=GROUPS
// GROUPS: node 'step' (Adagrad, ai.onnx.preview.training version 1): takes R, T and 3 groups of tensors of one size (X, G, H); it has 2 tensors after R and T

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/version2.textproto > %t/version2.onnx
// RUN: not loomc %t/version2.onnx 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: node 'step' (Adagrad, ai.onnx.preview.training version 2): version 2 of domain 'ai.onnx.preview.training' is not supported (1 to 1)

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/no_default.textproto > %t/no_default.onnx
// RUN: not loomc %t/no_default.onnx 2>&1 | FileCheck %s --check-prefix=NO-DEFAULT
// NO-DEFAULT: node 'neg' (Neg) is in the default domain, of which the model imports no opset

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/not_imported.textproto > %t/not_imported.onnx
// RUN: not loomc %t/not_imported.onnx 2>&1 | FileCheck %s --check-prefix=NOT-IMPORTED
// NOT-IMPORTED: node 'step' (Adagrad, ai.onnx.preview.training version 0): the model imports no version of domain 'ai.onnx.preview.training'

//--- adam.textproto
ir_version: 7
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "adam"
  node {
    input: "R" input: "T" input: "X" input: "G" input: "V" input: "H"
    output: "X_new" output: "V_new" output: "H_new"
    name: "step" op_type: "Adam" domain: "ai.onnx.preview.training"
    attribute { name: "epsilon" f: 0.001 type: FLOAT }
    attribute { name: "norm_coefficient" f: 0.01 type: FLOAT }
    attribute { name: "norm_coefficient_post" f: 0.1 type: FLOAT }
  }
  input { name: "R" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "T" type { tensor_type { elem_type: 7 shape { } } } }
  input { name: "X" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "G" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "V" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "H" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "X_new" type { tensor_type { elem_type: 1 } } }
  output { name: "V_new" type { tensor_type { elem_type: 1 } } }
  output { name: "H_new" type { tensor_type { elem_type: 1 } } }
}

//--- adagrad.textproto
ir_version: 7
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "adagrad"
  node {
    input: "R" input: "T" input: "X" input: "G" input: "H"
    output: "X_new" output: "H_new"
    name: "step" op_type: "Adagrad" domain: "ai.onnx.preview.training"
    attribute { name: "decay_factor" f: 0.5 type: FLOAT }
    attribute { name: "epsilon" f: 0.0001 type: FLOAT }
    attribute { name: "norm_coefficient" f: 0.02 type: FLOAT }
  }
  input { name: "R" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "T" type { tensor_type { elem_type: 7 shape { } } } }
  input { name: "X" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
  input { name: "G" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
  input { name: "H" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
  output { name: "X_new" type { tensor_type { elem_type: 1 } } }
  output { name: "H_new" type { tensor_type { elem_type: 1 } } }
}

//--- nesterov.textproto
ir_version: 7
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "nesterov"
  node {
    input: "R" input: "T" input: "X" input: "G" input: "V"
    output: "X_new" output: "V_new"
    name: "step" op_type: "Momentum" domain: "ai.onnx.preview.training"
    attribute { name: "alpha" f: 0.9 type: FLOAT }
    attribute { name: "beta" f: 0.5 type: FLOAT }
    attribute { name: "mode" s: "nesterov" type: STRING }
    attribute { name: "norm_coefficient" f: 0.01 type: FLOAT }
  }
  input { name: "R" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "T" type { tensor_type { elem_type: 7 shape { } } } }
  input { name: "X" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "G" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "V" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "X_new" type { tensor_type { elem_type: 1 } } }
  output { name: "V_new" type { tensor_type { elem_type: 1 } } }
}

//--- bad_mode.textproto
ir_version: 7
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "bad_mode"
  node {
    input: "R" input: "T" input: "X" input: "G" input: "V"
    output: "X_new" output: "V_new"
    name: "step" op_type: "Momentum" domain: "ai.onnx.preview.training"
    attribute { name: "alpha" f: 0.9 type: FLOAT }
    attribute { name: "beta" f: 0.5 type: FLOAT }
    attribute { name: "mode" s: "heavy_ball" type: STRING }
    attribute { name: "norm_coefficient" f: 0.01 type: FLOAT }
  }
  input { name: "R" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "T" type { tensor_type { elem_type: 7 shape { } } } }
  input { name: "X" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "G" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "V" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "X_new" type { tensor_type { elem_type: 1 } } }
  output { name: "V_new" type { tensor_type { elem_type: 1 } } }
}

//--- groups.textproto
ir_version: 7
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "groups"
  node {
    input: "R" input: "T" input: "X" input: "G"
    output: "X_new"
    name: "step" op_type: "Adagrad" domain: "ai.onnx.preview.training"
  }
  input { name: "R" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "T" type { tensor_type { elem_type: 7 shape { } } } }
  input { name: "X" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "G" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "X_new" type { tensor_type { elem_type: 1 } } }
}

//--- version2.textproto
ir_version: 7
opset_import { domain: "ai.onnx.preview.training" version: 2 }
graph {
  name: "version2"
  node {
    input: "R" input: "T" input: "X" input: "G" input: "H"
    output: "X_new" output: "H_new"
    name: "step" op_type: "Adagrad" domain: "ai.onnx.preview.training"
  }
  input { name: "R" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "T" type { tensor_type { elem_type: 7 shape { } } } }
  input { name: "X" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "G" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "H" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "X_new" type { tensor_type { elem_type: 1 } } }
  output { name: "H_new" type { tensor_type { elem_type: 1 } } }
}

//--- no_default.textproto
ir_version: 7
opset_import { domain: "ai.onnx.preview.training" version: 1 }
graph {
  name: "no_default"
  node { input: "x" output: "y" name: "neg" op_type: "Neg" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- not_imported.textproto
ir_version: 7
opset_import { domain: "" version: 13 }
graph {
  name: "not_imported"
  node {
    input: "R" input: "T" input: "X" input: "G" input: "H"
    output: "X_new" output: "H_new"
    name: "step" op_type: "Adagrad" domain: "ai.onnx.preview.training"
  }
  input { name: "R" type { tensor_type { elem_type: 1 shape { } } } }
  input { name: "T" type { tensor_type { elem_type: 7 shape { } } } }
  input { name: "X" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "G" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  input { name: "H" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "X_new" type { tensor_type { elem_type: 1 } } }
  output { name: "H_new" type { tensor_type { elem_type: 1 } } }
}
