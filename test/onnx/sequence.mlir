// Sequences and optionals are static: a sequence is a list of tensor values
// whose length and shapes are fixed at compile time, and an optional's
// presence is known. A sequence graph input or output is one argument or
// result per tensor, NAME.0 to NAME.N-1; an empty optional none.

// A sequence input takes one shape per tensor with --input-shape.
// RUN: loomc %onnx_data/node/test_identity_sequence/model.onnx --input-shape=x:1x1x2x2,1x2x2 | FileCheck %s --check-prefix=IDENTITY
// IDENTITY: func.func @main(%[[A:.*]]: tensor<1x1x2x2xf32> {loom.name = "x.0"}, %[[B:.*]]: tensor<1x2x2xf32> {loom.name = "x.1"}) -> (tensor<1x1x2x2xf32> {loom.name = "y.0"}, tensor<1x2x2xf32> {loom.name = "y.1"})
// IDENTITY: return %[[A]], %[[B]]

// Without it the importer asks for the shapes.
// RUN: not loomc %onnx_data/node/test_identity_sequence/model.onnx 2>&1 | FileCheck %s --check-prefix=NO-SHAPES
// NO-SHAPES: model.onnx: input 'x' is a sequence, whose length and shapes Loom fixes at compile time; give the shape of each of its tensors with --input-shape=x:DIMS,DIMS,... (the model has seq(tensor(float, ?)))

// The shapes must fit the model's element type, here optional(seq(tensor(float, 5))).
// RUN: not loomc %onnx_data/node/test_identity_opt/model.onnx --input-shape=opt_in:5,4 2>&1 | FileCheck %s --check-prefix=ELEMENT-SHAPE
// ELEMENT-SHAPE: model.onnx: input 'opt_in' tensor 1 has dimension 0 of size 5 but --input-shape gives 4

// An optional input holds a value unless compiled with NAME:none.
// RUN: loomc %onnx_data/node/test_optional_has_element/model.onnx | FileCheck %s --check-prefix=PRESENT
// PRESENT: func.func @main(%{{.*}}: tensor<4xf32> {loom.name = "optional_input"}) -> (tensor<i1> {loom.name = "output"})
// PRESENT: loom.constant dense<true> : tensor<i1>
// RUN: loomc %onnx_data/node/test_optional_has_element_empty/model.onnx --input-shape=optional_input:none | FileCheck %s --check-prefix=ABSENT
// ABSENT: func.func @main() -> (tensor<i1> {loom.name = "output"})
// ABSENT: loom.constant dense<false> : tensor<i1>
// RUN: not loomc %onnx_data/node/test_add/model.onnx --input-shape=x:none 2>&1 | FileCheck %s --check-prefix=NOT-OPTIONAL
// NOT-OPTIONAL: model.onnx: input 'x' is not optional; --input-shape=x:none is for an optional input
// RUN: not loomc %onnx_data/node/test_add/model.onnx --input-shape=x:3x4x5,3x4x5 2>&1 | FileCheck %s --check-prefix=NOT-SEQUENCE
// NOT-SEQUENCE: model.onnx: input 'x' is a tensor, but --input-shape gives it the shapes of a sequence

// SequenceConstruct, SequenceErase, SequenceInsert and SequenceAt at
// constant positions pick a tensor without building an op.
// RUN: loomc %onnx_data/simple/test_sequence_model3/model.onnx | FileCheck %s --check-prefix=PICK
// PICK: func.func @main({{.*}}, %[[Z:.*]]: tensor<2x3x4xf32> {loom.name = "Z"})
// PICK-NEXT: return %[[Z]]

// SplitToSequence slices; ConcatFromSequence with new_axis stacks.
// RUN: loomc %onnx_data/simple/test_sequence_model7/model.onnx | FileCheck %s --check-prefix=SPLIT
// SPLIT: %[[S:.*]] = loom.slice %{{.*}} offsets [1, 0, 0] steps [1, 1, 1] : tensor<2x3x4xf64> to tensor<1x3x4xf64>
// SPLIT: loom.reshape %[[S]] : tensor<1x3x4xf64> to tensor<3x4xf64>
// RUN: loomc %onnx_data/simple/test_sequence_model5/model.onnx | FileCheck %s --check-prefix=STACK
// STACK-COUNT-3: loom.reshape %{{.*}} : tensor<2x3x4xf32> to tensor<2x3x4x1xf32>
// STACK: loom.concat %{{.*}}, %{{.*}}, %{{.*}} axis 3 : (tensor<2x3x4x1xf32>, tensor<2x3x4x1xf32>, tensor<2x3x4x1xf32>) -> tensor<2x3x4x3xf32>
// RUN: loomc %onnx_data/simple/test_sequence_model6/model.onnx | FileCheck %s --check-prefix=LENGTH
// LENGTH: loom.constant dense<4> : tensor<i64>

// A position read at run time is refused: the tensors may differ in shape.
// RUN: not loomc %onnx_data/node/test_sequence_insert_at_front/model.onnx --input-shape=sequence:4,3,2 2>&1 | FileCheck %s --check-prefix=RUNTIME-POSITION
// RUNTIME-POSITION: model.onnx: node 'SequenceInsert_0' (SequenceInsert, opset 11): input 2 (position, 'position') is read at run time; a sequence's tensors are fixed at compile time, so the position must be a constant

// So are split sizes read at run time.
// RUN: not loomc %onnx_data/simple/test_sequence_model8/model.onnx --input-shape=X:0 2>&1 | FileCheck %s --check-prefix=RUNTIME-SPLIT
// RUNTIME-SPLIT: node 'SplitToSequence_0' (SplitToSequence, opset 12): input 1 (split, 'Splits') is read at run time; the sizes of a sequence's tensors are fixed at compile time, so they must be constants

// An operator that takes tensors is given a sequence: the node says so.
// RUN: sed -n 's|^// model add-sequence: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.add-sequence.onnx
// RUN: not loomc %t.add-sequence.onnx --input-shape=xs:2,2 2>&1 | FileCheck %s --check-prefix=ADD-SEQUENCE
// model add-sequence: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model add-sequence:   node { input: "xs" input: "xs" output: "y" op_type: "Add" name: "add" }
// model add-sequence:   input { name: "xs" type { sequence_type { elem_type { tensor_type { elem_type: 1 } } } } }
// model add-sequence:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// ADD-SEQUENCE: add-sequence.onnx: node 'add' (Add, opset 17): input 'xs' is a sequence of 2 tensors; the operator takes tensors

// An empty sequence, and a sequence whose tensors become names that another
// input already has.
// RUN: sed -n 's|^// model clash: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.clash.onnx
// RUN: not loomc %t.clash.onnx --input-shape=xs:2 2>&1 | FileCheck %s --check-prefix=CLASH
// RUN: loomc %t.clash.onnx --input-shape=xs:empty | FileCheck %s --check-prefix=EMPTY
// model clash: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model clash:   node { input: "xs" output: "n" op_type: "SequenceLength" }
// model clash:   node { input: "xs.0" output: "y" op_type: "Identity" }
// model clash:   input { name: "xs" type { sequence_type { elem_type { tensor_type { elem_type: 1 } } } } }
// model clash:   input { name: "xs.0" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
// model clash:   output { name: "n" type { tensor_type { elem_type: 7 } } }
// model clash:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// CLASH: clash.onnx: inputs 'xs' and 'xs.0' both give the function an argument named 'xs.0'
// EMPTY: func.func @main(%[[Y:.*]]: tensor<2xf32> {loom.name = "xs.0"}) -> (tensor<i64> {loom.name = "n"}, tensor<2xf32> {loom.name = "y"})
// EMPTY: loom.constant dense<0> : tensor<i64>

// SequenceAt at a position read at run time gathers from the tensors
// stacked, where they share one type; otherwise it is refused.
// RUN: sed -n 's|^// model at-runtime: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.at-runtime.onnx
// RUN: loomc %t.at-runtime.onnx --input-shape=b:2x3 | FileCheck %s --check-prefix=AT-RUNTIME
// RUN: not loomc %t.at-runtime.onnx --input-shape=b:3x3 2>&1 | FileCheck %s --check-prefix=AT-MIXED
// model at-runtime: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model at-runtime:   node { input: "a" input: "b" output: "s" op_type: "SequenceConstruct" }
// model at-runtime:   node { input: "s" input: "i" output: "y" op_type: "SequenceAt" name: "at" }
// model at-runtime:   input { name: "a" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
// model at-runtime:   input { name: "b" type { tensor_type { elem_type: 1 } } }
// model at-runtime:   input { name: "i" type { tensor_type { elem_type: 7 shape { } } } }
// model at-runtime:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// AT-RUNTIME: %[[S:.*]] = loom.concat %{{.*}}, %{{.*}} axis 0 : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<2x2x3xf32>
// AT-RUNTIME: loom.gather %[[S]], %arg2 axis 0 : (tensor<2x2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
// AT-MIXED: node 'at' (SequenceAt, opset 17): input 1 (position, 'i') is read at run time; the sequence's tensors differ in shape or there are none, so the position must be a constant

// End to end on the CPU: each tensor of a sequence input is given at run
// time under its name, each tensor of a sequence output comes back under
// its own.
// RUN: loomc %onnx_data/node/test_sequence_map_add_2_sequences/model.onnx --input-shape=x0:2,3 --input-shape=x1:2,3 --target=cpu -o %t.map.loom
// RUN: loom-run %t.map.loom --input=x0.0=2xf32=1,2 --input=x0.1=3xf32=1,2,3 --input=x1.0=2xf32=10,20 --input=x1.1=3xf32=10,20,30 --expected=y0.0=2xf32=11,22 --expected=y0.1=3xf32=11,22,33 | FileCheck %s --check-prefix=MAP-RESULT
// MAP-RESULT: output 'y0.0': matches
// MAP-RESULT: output 'y0.1': matches

// ConcatFromSequence stacks tensors of one shape only.
// RUN: sed -n 's|^// model stack-mixed: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.stack-mixed.onnx
// RUN: not loomc %t.stack-mixed.onnx 2>&1 | FileCheck %s --check-prefix=STACK-MIXED
// model stack-mixed: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model stack-mixed:   node { input: "a" input: "b" output: "s" op_type: "SequenceConstruct" }
// model stack-mixed:   node { input: "s" output: "y" op_type: "ConcatFromSequence" name: "stack" attribute { name: "axis" type: INT i: 2 } attribute { name: "new_axis" type: INT i: 1 } }
// model stack-mixed:   input { name: "a" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
// model stack-mixed:   input { name: "b" type { tensor_type { elem_type: 1 shape { dim { dim_value: 6 } } } } }
// model stack-mixed:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// STACK-MIXED: node 'stack' (ConcatFromSequence, opset 17): the sequence's tensors differ in shape, so they cannot be stacked
