// Control flow on import: If becomes the branch taken or a select between
// both branches; a Loop with a constant trip count and a Scan become a
// loom.scan whose body is their subgraph, imported once (isolated: what it
// reads from the graph around it comes in as an invariant, a small
// constant as a copy); SequenceMap, a Loop over sequences and opset 8's
// Scan are unrolled.

// A condition read at run time: a loom.if whose regions are the branches.
// RUN: loomc %onnx_data/node/test_if/model.onnx | FileCheck %s --check-prefix=IF
// IF: %[[R:.*]] = loom.if %arg0 invariants() : (tensor<i1>) -> tensor<5xf32> {
// IF-NEXT: %[[THEN:.*]] = loom.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00]>
// IF-NEXT: loom.yield %[[THEN]]
// IF-NEXT: } else {
// IF-NEXT: %[[ELSE:.*]] = loom.constant dense<[5.000000e+00, 4.000000e+00, 3.000000e+00, 2.000000e+00, 1.000000e+00]>
// IF-NEXT: loom.yield %[[ELSE]]
// IF: return %[[R]]
// Each branch reads the main graph's x as an invariant; only the branch
// chosen runs (the then branch would divide by zero).
// RUN: sed -n 's|^// model if-read: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.if-read.onnx
// RUN: loomc %t.if-read.onnx | FileCheck %s --check-prefix=IF-READ
// RUN: loomc %t.if-read.onnx --target=cpu -o %t.if-read.loom
// RUN: loom-run %t.if-read.loom --input=c=i1=0 --input=x=2xi32=6,-4 --input=d=2xi32=3,0 --expected=2xi32=-6,4 | FileCheck %s --check-prefix=IF-READ-RESULT
// RUN: loom-run %t.if-read.loom --input=c=i1=1 --input=x=2xi32=6,-4 --input=d=2xi32=3,2 --expected=2xi32=2,-2 | FileCheck %s --check-prefix=IF-READ-RESULT
// model if-read: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model if-read:   node { input: "c" output: "y" op_type: "If" name: "if"
// model if-read:     attribute { name: "then_branch" type: GRAPH g { name: "then"
// model if-read:       node { input: "x" input: "d" output: "q" op_type: "Div" }
// model if-read:       output { name: "q" type { tensor_type { elem_type: 6 } } } } }
// model if-read:     attribute { name: "else_branch" type: GRAPH g { name: "else"
// model if-read:       node { input: "x" output: "n" op_type: "Neg" }
// model if-read:       output { name: "n" type { tensor_type { elem_type: 6 } } } } } }
// model if-read:   input { name: "c" type { tensor_type { elem_type: 9 shape { } } } }
// model if-read:   input { name: "x" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } } } } }
// model if-read:   input { name: "d" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } } } } }
// model if-read:   output { name: "y" type { tensor_type { elem_type: 6 } } } }
// IF-READ: %[[R:.*]] = loom.if %arg0 invariants(%arg1, %arg2) : (tensor<i1>, tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32> {
// IF-READ-NEXT: ^bb0(%[[X:.*]]: tensor<2xi32>, %[[D:.*]]: tensor<2xi32>):
// IF-READ-NEXT: loom.div %[[X]], %[[D]]
// IF-READ: } else {
// IF-READ-NEXT: ^bb0(%[[X2:.*]]: tensor<2xi32>, %{{.*}}: tensor<2xi32>):
// IF-READ-NEXT: loom.neg %[[X2]]
// IF-READ-RESULT: output 'y': matches
// Sequences are selected tensor by tensor.
// RUN: loomc %onnx_data/node/test_if_seq/model.onnx | FileCheck %s --check-prefix=IF-SEQ
// IF-SEQ: -> (tensor<5xf32> {loom.name = "res.0"})
// IF-SEQ: loom.select
// The branches must agree on each output's kind and type.
// RUN: not loomc %onnx_data/node/test_if_opt/model.onnx 2>&1 | FileCheck %s --check-prefix=IF-OPT
// IF-OPT: model.onnx: node 'If_0' (If, opset 16): output 0 is an empty optional in the then branch and a sequence of 1 tensor in the else branch, and the condition 'cond' is read at run time: Loom fixes an output's kind and shape at compile time

// A constant condition imports the branch taken only; the branch reads a
// value of the enclosing graph.
// RUN: sed -n 's|^// model if-constant: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.if-constant.onnx
// RUN: loomc %t.if-constant.onnx | FileCheck %s --check-prefix=IF-CONSTANT
// model if-constant: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model if-constant:   node { output: "c" op_type: "Constant" attribute { name: "value" type: TENSOR t { data_type: 9 int32_data: [0] } } }
// model if-constant:   node { input: "c" output: "y" op_type: "If" name: "if"
// model if-constant:     attribute { name: "then_branch" type: GRAPH g { name: "then"
// model if-constant:       node { input: "x" output: "t" op_type: "Neg" }
// model if-constant:       output { name: "t" type { tensor_type { elem_type: 1 } } } } }
// model if-constant:     attribute { name: "else_branch" type: GRAPH g { name: "else"
// model if-constant:       node { input: "x" output: "e" op_type: "Abs" }
// model if-constant:       output { name: "e" type { tensor_type { elem_type: 1 } } } } } }
// model if-constant:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
// model if-constant:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// IF-CONSTANT-NOT: loom.neg
// IF-CONSTANT: loom.abs %arg0 : tensor<3xf32>
// IF-CONSTANT-NOT: loom.neg

// Loop with a constant trip count (SequenceMap's expansion: the length of
// a static sequence) is unrolled, one body per iteration.
// RUN: loomc %onnx_data/node/test_sequence_map_add_2_sequences_expanded/model.onnx --input-shape=x0:6,1,4 --input-shape=x1:6,1,4 | FileCheck %s --check-prefix=LOOP
// LOOP: loom.add %arg0, %arg3 : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// LOOP: loom.add %arg1, %arg4 : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
// LOOP: loom.add %arg2, %arg5 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// SequenceMap itself is unrolled the same way.
// RUN: loomc %onnx_data/node/test_sequence_map_add_1_sequence_1_tensor/model.onnx --input-shape=x0:10,10 --input-shape=x1:10 | FileCheck %s --check-prefix=MAP
// MAP: -> (tensor<10xf32> {loom.name = "y0.0"}, tensor<10xf32> {loom.name = "y0.1"})
// MAP-COUNT-2: loom.add %arg{{[01]}}, %arg2

// A trip count read at run time is refused.
// RUN: not loomc %onnx_data/node/test_loop11/model.onnx 2>&1 | FileCheck %s --check-prefix=LOOP-RUNTIME
// LOOP-RUNTIME: model.onnx: node 'Loop_0' (Loop, opset 11): input 0 (trip count M, 'trip_count') is read at run time; Loom fixes a loop's number of iterations at compile time, so it must be a constant

// A constant trip count with scan outputs, stacked along a new dimension 0
// by the loop; x, read from the main graph, is an invariant. An error
// inside the body names the iteration and the loop (the loop form is only
// tried: the loop is then unrolled, and the first iteration reports).
// RUN: sed -n 's|^// model loop: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.loop.onnx
// RUN: loomc %t.loop.onnx | FileCheck %s --check-prefix=LOOP-SCAN
// model loop: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model loop:   node { output: "m" op_type: "Constant" attribute { name: "value" type: TENSOR t { data_type: 7 int64_data: [3] } } }
// model loop:   node { input: "m" input: "" input: "x" output: "final" output: "all" op_type: "Loop" name: "loop"
// model loop:     attribute { name: "body" type: GRAPH g { name: "body"
// model loop:       node { input: "v" input: "x" output: "next" op_type: "Mul" }
// model loop:       node { input: "c" output: "c_out" op_type: "Identity" }
// model loop:       input { name: "i" type { tensor_type { elem_type: 7 shape { } } } }
// model loop:       input { name: "c" type { tensor_type { elem_type: 9 shape { } } } }
// model loop:       input { name: "v" type { tensor_type { elem_type: 1 } } }
// model loop:       output { name: "c_out" type { tensor_type { elem_type: 9 } } }
// model loop:       output { name: "next" type { tensor_type { elem_type: 1 } } }
// model loop:       output { name: "v" type { tensor_type { elem_type: 1 } } } } } }
// model loop:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
// model loop:   output { name: "final" type { tensor_type { elem_type: 1 } } }
// model loop:   output { name: "all" type { tensor_type { elem_type: 1 } } } }
// LOOP-SCAN: %[[R:.*]]:2 = loom.scan carried(%arg0) scanned() invariants(%arg0) {length = 3 : i64} : (tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>)
// LOOP-SCAN-NEXT: ^bb0(%{{.*}}: tensor<i64>, %[[V:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<2xf32>):
// LOOP-SCAN-NEXT: %[[NEXT:.*]] = loom.mul %[[V]], %[[X]]
// LOOP-SCAN-NEXT: loom.yield %[[NEXT]], %[[V]] : tensor<2xf32>, tensor<2xf32>
// LOOP-SCAN: return %[[R]]#0, %[[R]]#1
// RUN: loomc %t.loop.onnx --target=cpu -o %t.loop.loom
// RUN: loom-run %t.loop.loom --input=x=2xf32=2,-1 --expected=2xf32=16,1 --expected=3x2xf32=2,-1,4,1,8,-1 | FileCheck %s --check-prefix=LOOP-RESULT
// LOOP-RESULT: output 'final': matches
// LOOP-RESULT: output 'all': matches
// RUN: sed -n 's|^// model loop: ||p' %s | sed 's|op_type: "Mul"|op_type: "Bernoulli"|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.loop-error.onnx
// RUN: not loomc %t.loop-error.onnx 2>&1 | FileCheck %s --check-prefix=LOOP-ERROR
// LOOP-ERROR: loop-error.onnx: in iteration 0 of the body of node 'loop': node 'Bernoulli_0' (Bernoulli, opset 17): operator is not supported
// LOOP-ERROR-NOT: {{.}}

// Scan is a loop over its scan axis: the state carried, the scan input
// scanned, the scan output stacked.
// RUN: loomc %onnx_data/node/test_scan9_sum/model.onnx | FileCheck %s --check-prefix=SCAN
// SCAN: %[[R:.*]]:2 = loom.scan carried(%arg0) scanned(%arg1) invariants() {length = 3 : i64} : (tensor<2xf32>, tensor<3x2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>)
// SCAN-NEXT: ^bb0(%{{.*}}: tensor<i64>, %[[ACC:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<2xf32>):
// SCAN-NEXT: %[[SUM:.*]] = loom.add %[[ACC]], %[[X]]
// SCAN-NEXT: loom.yield %[[SUM]], %[[SUM]]
// SCAN: return %[[R]]#0, %[[R]]#1
// Opset 8's Scan runs the body per batch entry.
// RUN: loomc %onnx_data/node/test_scan_sum/model.onnx | FileCheck %s --check-prefix=SCAN8
// SCAN8: func.func @main(%arg0: tensor<1x2xf32> {loom.name = "initial"}, %arg1: tensor<1x3x2xf32> {loom.name = "x"}) -> (tensor<1x2xf32> {loom.name = "y"}, tensor<1x3x2xf32> {loom.name = "z"})
// SCAN8-COUNT-3: loom.add

// A condition read at run time with a constant trip count: the loop
// carries the condition too, and the loop-carried value keeps its value
// once the condition has turned false. Here v = v * x while v * x < limit,
// at most 3 times.
// RUN: sed -n 's|^// model while: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.while.onnx
// RUN: loomc %t.while.onnx | FileCheck %s --check-prefix=WHILE
// RUN: loomc %t.while.onnx --target=cpu -o %t.while.loom
// RUN: loom-run %t.while.loom --input=c=i1=1 --input=v0=f32=1 --input=x=f32=2 --input=limit=f32=5 --expected=f32=8 | FileCheck %s --check-prefix=WHILE-RESULT
// RUN: loom-run %t.while.loom --input=c=i1=1 --input=v0=f32=1 --input=x=f32=2 --input=limit=f32=3 --expected=f32=4 | FileCheck %s --check-prefix=WHILE-RESULT
// RUN: loom-run %t.while.loom --input=c=i1=0 --input=v0=f32=1 --input=x=f32=2 --input=limit=f32=5 --expected=f32=1 | FileCheck %s --check-prefix=WHILE-RESULT
// model while: ir_version: 8 opset_import { version: 17 } graph { name: "g"
// model while:   node { output: "m" op_type: "Constant" attribute { name: "value" type: TENSOR t { data_type: 7 int64_data: [3] } } }
// model while:   node { input: "m" input: "c" input: "v0" output: "v" op_type: "Loop" name: "while"
// model while:     attribute { name: "body" type: GRAPH g { name: "body"
// model while:       node { input: "v_in" input: "x" output: "next" op_type: "Mul" }
// model while:       node { input: "next" input: "limit" output: "c_out" op_type: "Less" }
// model while:       input { name: "i" type { tensor_type { elem_type: 7 shape { } } } }
// model while:       input { name: "c_in" type { tensor_type { elem_type: 9 shape { } } } }
// model while:       input { name: "v_in" type { tensor_type { elem_type: 1 } } }
// model while:       output { name: "c_out" type { tensor_type { elem_type: 9 } } }
// model while:       output { name: "next" type { tensor_type { elem_type: 1 } } } } } }
// model while:   input { name: "c" type { tensor_type { elem_type: 9 shape { } } } }
// model while:   input { name: "v0" type { tensor_type { elem_type: 1 shape { } } } }
// model while:   input { name: "x" type { tensor_type { elem_type: 1 shape { } } } }
// model while:   input { name: "limit" type { tensor_type { elem_type: 1 shape { } } } }
// model while:   output { name: "v" type { tensor_type { elem_type: 1 } } } }
// WHILE: %[[R:.*]]:2 = loom.scan carried(%arg1, %arg0) scanned() invariants(%arg2, %arg3) {length = 3 : i64}
// WHILE-NEXT: ^bb0(%{{.*}}: tensor<i64>, %[[V:.*]]: tensor<f32>, %[[RUNNING:.*]]: tensor<i1>, %[[X:.*]]: tensor<f32>, %[[LIMIT:.*]]: tensor<f32>):
// WHILE-NEXT: %[[NEXT:.*]] = loom.mul %[[V]], %[[X]]
// WHILE-NEXT: %[[BELOW:.*]] = loom.compare lt, %[[NEXT]], %[[LIMIT]]
// WHILE-NEXT: %[[KEPT:.*]] = loom.select %[[RUNNING]], %[[NEXT]], %[[V]]
// WHILE-NEXT: %[[GOES_ON:.*]] = loom.and %[[RUNNING]], %[[BELOW]]
// WHILE-NEXT: loom.yield %[[KEPT]], %[[GOES_ON]]
// WHILE: return %[[R]]#0
// WHILE-RESULT: output 'v': matches
// Without a trip count, a condition read at run time is refused.
// RUN: sed -n 's|^// model while: ||p' %s | sed 's|input: "m" input: "c"|input: "" input: "c"|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.unbounded.onnx
// RUN: not loomc %t.unbounded.onnx 2>&1 | FileCheck %s --check-prefix=UNBOUNDED
// UNBOUNDED: node 'while' (Loop, opset 17): input 1 (cond, 'c') is read at run time and the loop has no trip count; Loom fixes a loop's number of iterations at compile time, so one of them must be a constant
