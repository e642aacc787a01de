// RUN: loomc %s --train --loss=cross_entropy:logits,labels --optimizer=sgd:lr=0.1,momentum=0.9 --emit=loom | FileCheck %s
// RUN: loomc %s --train --loss=cross_entropy:logits,labels --optimizer=sgd:lr=0.1,momentum=0.9 --emit=loom | FileCheck %s --check-prefix=NOT-UNUSED
// RUN: loomc %s --train --loss=mse:logits,target --optimizer=adam:lr=1e-3 --emit=loom | FileCheck %s --check-prefix=ADAM
// RUN: not loomc %s --train --loss=cross_entropy:nope,labels --optimizer=sgd:lr=0.1 --emit=loom 2>&1 | FileCheck %s --check-prefix=NO-OUTPUT
// RUN: not loomc %s --train --loss=mse:logits,x --optimizer=sgd:lr=0.1 --emit=loom 2>&1 | FileCheck %s --check-prefix=CLASH
// RUN: not loomc %s --train --loss=hinge:logits,y --optimizer=sgd:lr=0.1 --emit=loom 2>&1 | FileCheck %s --check-prefix=LOSS
// RUN: not loomc %s --train --loss=mse:logits,y --optimizer=rmsprop:lr=0.1 --emit=loom 2>&1 | FileCheck %s --check-prefix=OPTIMIZER
// RUN: not loomc %s --train --loss=mse:logits,y --optimizer=adam:betas=0.9,0.99 --emit=loom 2>&1 | FileCheck %s --check-prefix=NO-LR
// RUN: not loomc %s --train --loss=mse:logits,y --optimizer=sgd:lr=0.1,eps=1 --emit=loom 2>&1 | FileCheck %s --check-prefix=KEY
// RUN: not loomc %s --train --emit=loom 2>&1 | FileCheck %s --check-prefix=ALONE
// RUN: not loomc %s --loss=mse:logits,y --emit=loom 2>&1 | FileCheck %s --check-prefix=NO-TRAIN
// RUN: not loomc %S/Inputs/dynamic_batch.mlir --train --loss=mse:out,y --optimizer=sgd:lr=0.1 --emit=loom 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// RUN: loomc %S/Inputs/dynamic_batch.mlir --input-shape=x:2x3 --train --loss=mse:out,y --optimizer=sgd:lr=0.1 --emit=loom | FileCheck %s --check-prefix=FIXED
// RUN: not loomc %s --train --loss=mse:plain,y --optimizer=sgd:lr=0.1 --emit=loom 2>&1 | FileCheck %s --check-prefix=NO-PARAMS
// RUN: not loomc %s --train --loss=cross_entropy:logits,labels --optimizer=sgd:lr=0.1 --initial-state=%t.missing/init.npz --emit=loom 2>&1 | FileCheck %s --check-prefix=STATE-WRITE
// RUN: loomc %S/Inputs/running_statistic.mlir --train --loss=cross_entropy:logits,labels --optimizer=adam:lr=1e-3 --emit=loom | FileCheck %s --check-prefix=BUFFER

// The step: parameters (the named constants the loss's output depends on:
// not "unused", which only the second output reads), momentum buffers, the
// model's input and the labels in; the loss and everything updated out,
// under the same names.
// CHECK-LABEL: func.func @main
// CHECK-SAME: {loom.name = "w1"}
// CHECK-SAME: {loom.name = "b1"}
// CHECK-SAME: {loom.name = "w2"}
// CHECK-SAME: {loom.name = "w1.momentum"}
// CHECK-SAME: {loom.name = "b1.momentum"}
// CHECK-SAME: {loom.name = "w2.momentum"}
// CHECK-SAME: %[[X:.*]]: tensor<4x3xf32> {loom.name = "x"}
// CHECK-SAME: %[[LABELS:.*]]: tensor<4xi64> {loom.name = "labels"}
// CHECK-SAME: -> (tensor<f32> {loom.name = "loss"}, tensor<3x5xf32> {loom.name = "w1"}, tensor<5xf32> {loom.name = "b1"}, tensor<5x2xf32> {loom.name = "w2"}, tensor<3x5xf32> {loom.name = "w1.momentum"}, tensor<5xf32> {loom.name = "b1.momentum"}, tensor<5x2xf32> {loom.name = "w2.momentum"})
// CHECK: loom.log_softmax
// CHECK: loom.gather_elements
// CHECK-NOT: loom.constant dense<{{.*}}> : tensor<3x5xf32>

// NOT-UNUSED-NOT: unused
// NOT-UNUSED: loom.log_softmax
// NOT-UNUSED-NOT: unused

// ADAM-LABEL: func.func @main
// ADAM-SAME: {loom.name = "w1.adam_m"}
// ADAM-SAME: {loom.name = "w1.adam_v"}
// ADAM-SAME: tensor<f32> {loom.name = "adam.step"}
// ADAM-SAME: {loom.name = "target"}
// ADAM-SAME: tensor<f32> {loom.name = "adam.step"})

// NO-OUTPUT: error: --train: the model has no output 'nope' for the loss
// CLASH: error: --train: 'x' is an input of the model already; the labels need a new name
// LOSS: error: --train: --loss must be cross_entropy:LOGITS,LABELS or mse:OUT,TARGET, got 'hinge:logits,y'
// OPTIMIZER: error: --train: --optimizer: unknown optimizer 'rmsprop' (sgd or adam)
// NO-LR: error: --train: --optimizer: optimizer 'adam' needs lr=
// KEY: error: --train: --optimizer: sgd takes no option 'eps'
// ALONE: --train needs --loss and --optimizer
// NO-TRAIN: --loss, --optimizer and --initial-state go with --train
// DYNAMIC: error: --train: input 'x' has a dynamic shape tensor<?x3xf32>; fix it with --input-shape
// FIXED: func.func @main(%{{.*}}: tensor<3xf32> {loom.name = "w"}, %{{.*}}: tensor<2x3xf32> {loom.name = "x"}, %{{.*}}: tensor<2x3xf32> {loom.name = "y"}) -> (tensor<f32> {loom.name = "loss"}, tensor<3xf32> {loom.name = "w"})
// STATE-WRITE: --initial-state: {{.*}}.missing/init.npz: cannot write the file
// A named constant that an output of the same name updates (a batch norm's
// running statistic) is state after the optimizer's, with no gradient: in
// under its name, its update out; the model's own "stat" output is gone.
// BUFFER-LABEL: func.func @main
// BUFFER-SAME: tensor<f32> {loom.name = "adam.step"}, %[[STAT:.*]]: tensor<3xf32> {loom.name = "stat"}, %[[X:.*]]: tensor<4x3xf32> {loom.name = "x"}
// BUFFER-SAME: -> (tensor<f32> {loom.name = "loss"}, {{.*}}, tensor<f32> {loom.name = "adam.step"}, tensor<3xf32> {loom.name = "stat"})
// BUFFER-NOT: stat.adam
// BUFFER: %[[MEAN:.*]] = loom.reduce_mean %[[X]] axes [0]
// BUFFER: loom.mul %[[STAT]]
// BUFFER: %[[NEW:.*]] = loom.add
// BUFFER: return {{.*}}, %[[NEW]] :

// NO-PARAMS: error: --train: the output 'plain' depends on no parameters (float constants named by their location, as ONNX initializers are)

func.func @main(%x: tensor<4x3xf32> {loom.name = "x"}) -> (tensor<4x2xf32> {loom.name = "logits"}, tensor<2xf32> {loom.name = "scale"}, tensor<4x3xf32> {loom.name = "plain"}) {
  %unused = loom.constant dense<[2.0, 3.0]> : tensor<2xf32> loc("unused")
  %w1 = loom.constant dense<[[0.1, -0.2, 0.3, 0.05, 0.2], [0.4, 0.1, -0.3, 0.2, -0.1], [-0.2, 0.3, 0.1, -0.4, 0.25]]> : tensor<3x5xf32> loc("w1")
  %b1 = loom.constant dense<[0.01, -0.02, 0.03, 0.0, 0.1]> : tensor<5xf32> loc("b1")
  %w2 = loom.constant dense<[[0.3, -0.1], [0.2, 0.4], [-0.3, 0.1], [0.05, -0.2], [0.15, 0.25]]> : tensor<5x2xf32> loc("w2")
  %h = loom.matmul %x, %w1 : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %hb = loom.add %h, %b1 : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  %a = loom.relu %hb : tensor<4x5xf32>
  %o = loom.matmul %a, %w2 : (tensor<4x5xf32>, tensor<5x2xf32>) -> tensor<4x2xf32>
  %s = loom.exp %unused : tensor<2xf32>
  %p = loom.neg %x : tensor<4x3xf32>
  return %o, %s, %p : tensor<4x2xf32>, tensor<2xf32>, tensor<4x3xf32>
}
