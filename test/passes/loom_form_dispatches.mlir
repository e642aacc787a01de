// RUN: loom-opt %s -split-input-file -loom-form-dispatches | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-form-dispatches -mlir-print-debuginfo -mlir-print-local-scope | FileCheck %s --check-prefix=LOC

// A chain of elementwise ops is one kernel; the scalar constant is cloned
// into it, and the kernel is marked elementwise.
// CHECK-LABEL: func.func @elementwise_chain(
// CHECK-SAME: %[[X:.*]]: tensor<4x8xf32>, %[[Y:.*]]: tensor<4x8xf32>)
// CHECK-NOT: loom.
// CHECK: %[[R:.*]] = call @elementwise_chain_kernel_0(%[[X]], %[[Y]]) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[R]]
// CHECK: func.func private @elementwise_chain_kernel_0(%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<elementwise>}
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[SUM:.*]] = loom.add %[[A]], %[[B]]
// CHECK-NEXT: %[[SCALED:.*]] = loom.mul %[[SUM]], %[[C]]
// CHECK-NEXT: %[[T:.*]] = loom.tanh %[[SCALED]]
// CHECK-NEXT: return %[[T]]
func.func @elementwise_chain(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %c = loom.constant dense<2.0> : tensor<f32>
  %0 = loom.add %x, %y : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = loom.mul %0, %c : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %2 = loom.tanh %1 : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

// -----

// A chain whose intermediate value is also returned stays one kernel with
// two results; the chain ending in another shape is a kernel of its own.
// CHECK-LABEL: func.func @chain_with_returned_value(
// CHECK: %[[K0:.*]]:2 = call @chain_with_returned_value_kernel_0(%{{.*}}, %{{.*}}) : (tensor<2x4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf16>)
// CHECK-NEXT: %[[K1:.*]] = call @chain_with_returned_value_kernel_1(%[[K0]]#0) : (tensor<2x4xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %[[K0]]#0, %[[K0]]#1, %[[K1]]
// CHECK: func.func private @chain_with_returned_value_kernel_0
// CHECK-SAME: loom.kernel = #loom.kernel<elementwise>
// CHECK-NEXT: %[[MUL:.*]] = loom.mul
// CHECK-NEXT: %[[TANH:.*]] = loom.tanh %[[MUL]]
// CHECK-NEXT: %[[SIG:.*]] = loom.sigmoid %[[TANH]]
// CHECK-NEXT: %[[CAST:.*]] = loom.cast %[[SIG]]
// CHECK-NEXT: return %[[TANH]], %[[CAST]]
// CHECK: func.func private @chain_with_returned_value_kernel_1
// CHECK-NEXT: loom.reduce_sum
// CHECK-NEXT: return
func.func @chain_with_returned_value(%x: tensor<2x4xf32>, %y: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf16>, tensor<4xf32>) {
  %0 = loom.mul %x, %y : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = loom.tanh %0 : tensor<2x4xf32>
  %2 = loom.sigmoid %1 : tensor<2x4xf32>
  %3 = loom.cast %2 : tensor<2x4xf32> to tensor<2x4xf16>
  %4 = loom.reduce_sum %1 axes [0] : (tensor<2x4xf32>) -> tensor<4xf32>
  return %1, %3, %4 : tensor<2x4xf32>, tensor<2x4xf16>, tensor<4xf32>
}

// -----

// A chain is not merged into a consumer chain of another shape.
// CHECK-LABEL: func.func @negative_chain_of_other_shape(
// CHECK: %[[E:.*]] = call @negative_chain_of_other_shape_kernel_0(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[S:.*]] = call @negative_chain_of_other_shape_kernel_1(%{{.*}}, %[[E]]) : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return %[[E]], %[[S]]
func.func @negative_chain_of_other_shape(%x: tensor<2x4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<2x4xf32>) {
  %0 = loom.exp %b : tensor<4xf32>
  %1 = loom.add %x, %0 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<4xf32>, tensor<2x4xf32>
}

// -----

// A value read twice inside one group stays inside it.
// CHECK-LABEL: func.func @elementwise_diamond(
// CHECK: call @elementwise_diamond_kernel_0(%{{.*}}) : (tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-NOT: call
// CHECK: func.func private @elementwise_diamond_kernel_0
// CHECK-NEXT: loom.exp
// CHECK-NEXT: loom.neg
// CHECK-NEXT: loom.abs
// CHECK-NEXT: loom.add
// CHECK-NEXT: return
func.func @elementwise_diamond(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = loom.exp %x : tensor<4x8xf32>
  %1 = loom.neg %0 : tensor<4x8xf32>
  %2 = loom.abs %0 : tensor<4x8xf32>
  %3 = loom.add %1, %2 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}

// -----

// Softmax spelled out: the two reductions are separate roots; `exp` feeds
// both the sum and the division, so it is a result of its own kernel rather
// than being computed twice. The broadcasting `sub` is a producer of it.
// CHECK-LABEL: func.func @softmax_as_ops(
// CHECK-SAME: %[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[MAX:.*]] = call @softmax_as_ops_kernel_0(%[[X]]) : (tensor<2x8xf32>) -> tensor<2x1xf32>
// CHECK: %[[EXP:.*]] = call @softmax_as_ops_kernel_1(%[[X]], %[[MAX]]) : (tensor<2x8xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
// CHECK: %[[SUM:.*]] = call @softmax_as_ops_kernel_2(%[[EXP]]) : (tensor<2x8xf32>) -> tensor<2x1xf32>
// CHECK: %[[R:.*]] = call @softmax_as_ops_kernel_3(%[[EXP]], %[[SUM]])
// CHECK: return %[[R]]
// CHECK: func.func private @softmax_as_ops_kernel_0
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<generic>} {
// CHECK-NEXT: loom.reduce_max
// CHECK-NEXT: return
// CHECK: func.func private @softmax_as_ops_kernel_1
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<elementwise>}
// CHECK-NEXT: loom.sub
// CHECK-NEXT: loom.exp
// CHECK-NEXT: return
// CHECK: func.func private @softmax_as_ops_kernel_2
// CHECK-NEXT: loom.reduce_sum
// CHECK-NEXT: return
// CHECK: func.func private @softmax_as_ops_kernel_3
// CHECK-SAME: loom.kernel = #loom.kernel<elementwise>
// CHECK-NEXT: loom.div
// CHECK-NEXT: return
func.func @softmax_as_ops(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %m = loom.reduce_max %x axes [1] keepdims : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %d = loom.sub %x, %m : (tensor<2x8xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
  %e = loom.exp %d : tensor<2x8xf32>
  %s = loom.reduce_sum %e axes [1] keepdims : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %r = loom.div %e, %s : (tensor<2x8xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

// A producer used only by the reduction fuses into it (log-sum-exp).
// CHECK-LABEL: func.func @reduction_takes_producers(
// CHECK: call @reduction_takes_producers_kernel_0
// CHECK-NOT: call
// CHECK: func.func private @reduction_takes_producers_kernel_0
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<generic>} {
// CHECK-NEXT: loom.sub
// CHECK-NEXT: loom.exp
// CHECK-NEXT: loom.reduce_sum
// CHECK-NEXT: return
func.func @reduction_takes_producers(%x: tensor<2x8xf32>, %m: tensor<2x1xf32>) -> tensor<2x1xf32> {
  %d = loom.sub %x, %m : (tensor<2x8xf32>, tensor<2x1xf32>) -> tensor<2x8xf32>
  %e = loom.exp %d : tensor<2x8xf32>
  %s = loom.reduce_sum %e axes [1] keepdims : (tensor<2x8xf32>) -> tensor<2x1xf32>
  return %s : tensor<2x1xf32>
}

// -----

// loom.softmax takes the scaling that feeds it.
// CHECK-LABEL: func.func @softmax_takes_producers(
// CHECK: call @softmax_takes_producers_kernel_0
// CHECK-NOT: call
// CHECK: func.func private @softmax_takes_producers_kernel_0
// CHECK-NEXT: loom.constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT: loom.mul
// CHECK-NEXT: loom.softmax
// CHECK-NEXT: return
func.func @softmax_takes_producers(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %scale = loom.constant dense<0.5> : tensor<f32>
  %0 = loom.mul %x, %scale : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %1 = loom.softmax %0 axis 1 : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// Attention scores: the scale and the mask are the matmul's epilogue, which
// is formed before the softmax could take them as producers.
// CHECK-LABEL: func.func @attention_scores(
// CHECK-SAME: %[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<2x8x4xf32>, %[[MASK:.*]]: tensor<4x4xf32>)
// CHECK: %[[S:.*]] = call @attention_scores_kernel_0(%[[Q]], %[[K]], %[[MASK]])
// CHECK: call @attention_scores_kernel_1(%[[S]])
// CHECK: func.func private @attention_scores_kernel_0
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<generic>} {
// CHECK-NEXT: loom.constant dense<1.250000e-01>
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: loom.mul
// CHECK-NEXT: loom.add
// CHECK-NEXT: return
// CHECK: func.func private @attention_scores_kernel_1
// CHECK-NEXT: loom.softmax
// CHECK-NEXT: return
func.func @attention_scores(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %mask: tensor<4x4xf32>) -> tensor<2x4x4xf32> {
  %scale = loom.constant dense<0.125> : tensor<f32>
  %0 = loom.matmul %q, %k : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %1 = loom.mul %0, %scale : (tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %2 = loom.add %1, %mask : (tensor<2x4x4xf32>, tensor<4x4xf32>) -> tensor<2x4x4xf32>
  %3 = loom.softmax %2 axis 2 : tensor<2x4x4xf32>
  return %3 : tensor<2x4x4xf32>
}

// -----

// The residual add fuses into the layer norm; the non-splat scale is an
// argument, the splat bias is cloned.
// CHECK-LABEL: func.func @layer_norm_residual(
// CHECK-SAME: %[[X:.*]]: tensor<2x16xf32>, %[[H:.*]]: tensor<2x16xf32>)
// CHECK: %[[GAMMA:.*]] = loom.constant dense<[1.000000e+00, 2.000000e+00
// CHECK-NOT: loom.constant
// CHECK: call @layer_norm_residual_kernel_0(%[[X]], %[[H]], %[[GAMMA]])
// CHECK: func.func private @layer_norm_residual_kernel_0(%[[A:.*]]: tensor<2x16xf32>, %[[B:.*]]: tensor<2x16xf32>, %[[G:.*]]: tensor<16xf32>)
// CHECK-NEXT: %[[BETA:.*]] = loom.constant dense<0.000000e+00> : tensor<16xf32>
// CHECK-NEXT: %[[SUM:.*]] = loom.add %[[A]], %[[B]]
// CHECK-NEXT: loom.layer_norm %[[SUM]], %[[G]], %[[BETA]] axis 1
// CHECK-NEXT: return
func.func @layer_norm_residual(%x: tensor<2x16xf32>, %h: tensor<2x16xf32>) -> tensor<2x16xf32> {
  %gamma = loom.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<16xf32>
  %beta = loom.constant dense<0.0> : tensor<16xf32>
  %0 = loom.add %x, %h : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
  %1 = loom.layer_norm %0, %gamma, %beta axis 1 : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return %1 : tensor<2x16xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_bias_relu(
// CHECK-SAME: %[[X:.*]]: tensor<4x8xf32>, %[[W:.*]]: tensor<8x16xf32>, %[[B:.*]]: tensor<16xf32>)
// CHECK: %[[R:.*]] = call @matmul_bias_relu_kernel_0(%[[X]], %[[W]], %[[B]])
// CHECK-NEXT: return %[[R]]
// CHECK: func.func private @matmul_bias_relu_kernel_0(%[[A0:.*]]: tensor<4x8xf32>, %[[A1:.*]]: tensor<8x16xf32>, %[[A2:.*]]: tensor<16xf32>) -> tensor<4x16xf32>
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<generic>} {
// CHECK-NEXT: %[[MM:.*]] = loom.matmul %[[A0]], %[[A1]]
// CHECK-NEXT: %[[BIASED:.*]] = loom.add %[[MM]], %[[A2]]
// CHECK-NEXT: %[[RELU:.*]] = loom.relu %[[BIASED]]
// CHECK-NEXT: return %[[RELU]]
func.func @matmul_bias_relu(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %0 = loom.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %1 = loom.add %0, %b : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  %2 = loom.relu %1 : tensor<4x16xf32>
  return %2 : tensor<4x16xf32>
}

// -----

// A ResNet basic block: two kernels, the residual add and the last relu in
// the second convolution's epilogue.
// CHECK-LABEL: func.func @resnet_block(
// CHECK-SAME: %[[X:[^:]*]]: tensor<1x4x8x8xf32>, %[[W1:[^:]*]]: tensor<4x4x3x3xf32>, %[[B1:[^:]*]]: tensor<1x4x1x1xf32>, %[[W2:[^:]*]]: tensor<4x4x3x3xf32>, %[[B2:[^:]*]]: tensor<1x4x1x1xf32>)
// CHECK: %[[H:.*]] = call @resnet_block_kernel_0(%[[X]], %[[W1]], %[[B1]])
// CHECK: %[[Y:.*]] = call @resnet_block_kernel_1(%[[H]], %[[W2]], %[[B2]], %[[X]])
// CHECK-NEXT: return %[[Y]]
// CHECK: func.func private @resnet_block_kernel_0
// CHECK-NEXT: loom.conv
// CHECK-NEXT: loom.add
// CHECK-NEXT: loom.relu
// CHECK-NEXT: return
// CHECK: func.func private @resnet_block_kernel_1(%[[IN:[^:]*]]: tensor<1x4x8x8xf32>, %{{[^:]*}}: tensor<4x4x3x3xf32>, %[[BIAS:[^:]*]]: tensor<1x4x1x1xf32>, %[[SKIP:[^:]*]]: tensor<1x4x8x8xf32>)
// CHECK-NEXT: %[[CONV:.*]] = loom.conv %[[IN]]
// CHECK-NEXT: %[[BIASED:.*]] = loom.add %[[CONV]], %[[BIAS]]
// CHECK-NEXT: %[[RES:.*]] = loom.add %[[BIASED]], %[[SKIP]]
// CHECK-NEXT: %[[RELU:.*]] = loom.relu %[[RES]]
// CHECK-NEXT: return %[[RELU]]
func.func @resnet_block(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %b1: tensor<1x4x1x1xf32>, %w2: tensor<4x4x3x3xf32>, %b2: tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %0 = loom.conv %x, %w1 strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = loom.add %0, %b1 : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %2 = loom.relu %1 : tensor<1x4x8x8xf32>
  %3 = loom.conv %2, %w2 strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %4 = loom.add %3, %b2 : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %5 = loom.add %4, %x : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %6 = loom.relu %5 : tensor<1x4x8x8xf32>
  return %6 : tensor<1x4x8x8xf32>
}

// -----

// Ops that stay apart: a producer of a matmul operand (it would be
// recomputed per tile), two matmuls, a transpose and its consumer, an
// epilogue candidate whose result is larger than the matmul's, and a
// reduction with its consumer.
// CHECK-LABEL: func.func @negative_separate(
// CHECK-COUNT-8: call @negative_separate_kernel_
// CHECK-NOT: call
// CHECK: func.func private @negative_separate_kernel_0
// CHECK-NEXT: loom.relu
// CHECK-NEXT: return
// CHECK: func.func private @negative_separate_kernel_1
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: return
// CHECK: func.func private @negative_separate_kernel_2
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: return
// CHECK: func.func private @negative_separate_kernel_3
// CHECK-NEXT: loom.transpose
// CHECK-NEXT: return
// CHECK: func.func private @negative_separate_kernel_4
// CHECK-NEXT: loom.exp
// CHECK-NEXT: return
// CHECK: func.func private @negative_separate_kernel_5
// CHECK-NEXT: loom.add {{.*}} -> tensor<2x4x8xf32>
// CHECK-NEXT: return
// CHECK: func.func private @negative_separate_kernel_6
// CHECK-NEXT: loom.reduce_sum
// CHECK-NEXT: return
// CHECK: func.func private @negative_separate_kernel_7
// CHECK-NEXT: loom.sqrt
// CHECK-NEXT: return
func.func @negative_separate(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>, %v: tensor<2x4x8xf32>) -> (tensor<8x4xf32>, tensor<2x4x8xf32>, tensor<4xf32>) {
  %0 = loom.relu %x : tensor<4x8xf32>
  %1 = loom.matmul %0, %w : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %2 = loom.matmul %1, %w : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %3 = loom.transpose %2 permutation [1, 0] : (tensor<4x8xf32>) -> tensor<8x4xf32>
  %4 = loom.exp %3 : tensor<8x4xf32>
  %5 = loom.add %2, %v : (tensor<4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %6 = loom.reduce_sum %2 axes [1] : (tensor<4x8xf32>) -> tensor<4xf32>
  %7 = loom.sqrt %6 : tensor<4xf32>
  return %4, %5, %7 : tensor<8x4xf32>, tensor<2x4x8xf32>, tensor<4xf32>
}

// -----

// The relu is returned, negated in the same kernel and reduced in another:
// it is a result of the first kernel and an argument of the second.
// CHECK-LABEL: func.func @shared_and_returned(
// CHECK: %[[K0:.*]]:2 = call @shared_and_returned_kernel_0(%{{.*}}, %{{.*}}) : (tensor<4x8xf32>, tensor<8x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: %[[K1:.*]] = call @shared_and_returned_kernel_1(%[[K0]]#0) : (tensor<4x8xf32>) -> tensor<4xf32>
// CHECK: return %[[K0]]#0, %[[K0]]#1, %[[K1]]
// CHECK: func.func private @shared_and_returned_kernel_0
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: %[[RELU:.*]] = loom.relu
// CHECK-NEXT: %[[NEG:.*]] = loom.neg %[[RELU]]
// CHECK-NEXT: return %[[RELU]], %[[NEG]]
// CHECK: func.func private @shared_and_returned_kernel_1
// CHECK-NEXT: loom.reduce_max
// CHECK-NEXT: return
func.func @shared_and_returned(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>) {
  %0 = loom.matmul %x, %w : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %1 = loom.relu %0 : tensor<4x8xf32>
  %2 = loom.neg %1 : tensor<4x8xf32>
  %3 = loom.reduce_max %1 axes [1] : (tensor<4x8xf32>) -> tensor<4xf32>
  return %1, %2, %3 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>
}

// -----

// A value also returned from the function is not fused into its consumer.
// CHECK-LABEL: func.func @negative_returned_producer(
// CHECK: %[[E:.*]] = call @negative_returned_producer_kernel_0(
// CHECK: %[[S:.*]] = call @negative_returned_producer_kernel_1(%[[E]])
// CHECK: return %[[E]], %[[S]]
// CHECK: func.func private @negative_returned_producer_kernel_0
// CHECK-NEXT: loom.exp
// CHECK-NEXT: return
// CHECK: func.func private @negative_returned_producer_kernel_1
// CHECK-NEXT: loom.reduce_sum
// CHECK-NEXT: return
func.func @negative_returned_producer(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2xf32>) {
  %e = loom.exp %x : tensor<2x8xf32>
  %s = loom.reduce_sum %e axes [1] : (tensor<2x8xf32>) -> tensor<2xf32>
  return %e, %s : tensor<2x8xf32>, tensor<2xf32>
}

// -----

// Nothing fuses across a reshape, which stays in the caller as an alias.
// CHECK-LABEL: func.func @reshape_stays(
// CHECK: %[[E:.*]] = call @reshape_stays_kernel_0(%{{.*}}) : (tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[R:.*]] = loom.reshape %[[E]] : tensor<2x8xf32> to tensor<4x4xf32>
// CHECK-NEXT: %[[S:.*]] = call @reshape_stays_kernel_1(%[[R]]) : (tensor<4x4xf32>) -> tensor<4x4xf32>
// CHECK-NEXT: return %[[S]]
// CHECK: func.func private @reshape_stays_kernel_0
// CHECK-NEXT: loom.exp
// CHECK-NEXT: return
// CHECK: func.func private @reshape_stays_kernel_1
// CHECK-NEXT: loom.sigmoid
// CHECK-NEXT: return
func.func @reshape_stays(%x: tensor<2x8xf32>) -> tensor<4x4xf32> {
  %0 = loom.exp %x : tensor<2x8xf32>
  %1 = loom.reshape %0 : tensor<2x8xf32> to tensor<4x4xf32>
  %2 = loom.sigmoid %1 : tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// Constants with distinct elements are arguments (each passed once, in
// order of first use); a one-element constant is cloned and disappears from
// the caller.
// CHECK-LABEL: func.func @large_constants(
// CHECK-SAME: %[[X:.*]]: tensor<2x4xf32>)
// CHECK-NEXT: %[[W:.*]] = loom.constant dense<{{\[\[}}1.000000e+00
// CHECK-NEXT: %[[B:.*]] = loom.constant dense<[1.000000e+00
// CHECK-NEXT: %[[R:.*]] = call @large_constants_kernel_0(%[[X]], %[[W]], %[[B]]) : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return %[[R]]
// CHECK: func.func private @large_constants_kernel_0(%[[A0:.*]]: tensor<2x4xf32>, %[[A1:.*]]: tensor<4x4xf32>, %[[A2:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[ONE:.*]] = loom.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK-NEXT: %[[MM:.*]] = loom.matmul %[[A0]], %[[A1]]
// CHECK-NEXT: %[[S0:.*]] = loom.add %[[MM]], %[[A2]]
// CHECK-NEXT: %[[S1:.*]] = loom.add %[[S0]], %[[ONE]]
// CHECK-NEXT: loom.mul %[[S1]], %[[A2]]
func.func @large_constants(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = loom.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<4x4xf32>
  %b = loom.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %one = loom.constant dense<1.0> : tensor<1xf32>
  %0 = loom.matmul %x, %w : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = loom.add %0, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %2 = loom.add %1, %one : (tensor<2x4xf32>, tensor<1xf32>) -> tensor<2x4xf32>
  %3 = loom.mul %2, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}

// -----

// %c joins %a's epilogue although it reads %b, whose group ends after %c
// (with the relu): calls follow the dependences, not the position of each
// group's last op, so %b's kernel runs first.
// CHECK-LABEL: func.func @topological_order(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x4xf32>, %[[Y:[^:]*]]: tensor<4x4xf32>, %[[W:[^:]*]]: tensor<4x4xf32>)
// CHECK: %[[BD:.*]]:2 = call @topological_order_kernel_0(%[[Y]], %[[W]])
// CHECK-NEXT: %[[C:.*]] = call @topological_order_kernel_1(%[[X]], %[[W]], %[[BD]]#0)
// CHECK-NEXT: return %[[C]], %[[BD]]#1
// CHECK: func.func private @topological_order_kernel_0
// CHECK-NEXT: %[[B:.*]] = loom.matmul
// CHECK-NEXT: %[[D:.*]] = loom.relu %[[B]]
// CHECK-NEXT: return %[[B]], %[[D]]
// CHECK: func.func private @topological_order_kernel_1
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: loom.add
// CHECK-NEXT: return
func.func @topological_order(%x: tensor<4x4xf32>, %y: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %a = loom.matmul %x, %w : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %b = loom.matmul %y, %w : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %c = loom.add %a, %b : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %d = loom.relu %b : tensor<4x4xf32>
  return %c, %d : tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// The sub reads a reduction of the matmul's result and the add a transpose
// of it: taking either into the matmul's kernel would make that kernel wait
// for a kernel that waits for it. They form an elementwise kernel instead.
// CHECK-LABEL: func.func @negative_epilogue_cycle(
// CHECK: %[[MM:.*]] = call @negative_epilogue_cycle_kernel_0(
// CHECK-NEXT: %[[SUM:.*]] = call @negative_epilogue_cycle_kernel_1(%[[MM]])
// CHECK-NEXT: %[[T:.*]] = call @negative_epilogue_cycle_kernel_2(%[[MM]])
// CHECK-NEXT: call @negative_epilogue_cycle_kernel_3(%[[MM]], %[[SUM]], %[[T]])
// CHECK: func.func private @negative_epilogue_cycle_kernel_0
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: return
// CHECK: func.func private @negative_epilogue_cycle_kernel_3
// CHECK-SAME: loom.kernel = #loom.kernel<elementwise>
// CHECK-NEXT: loom.sub
// CHECK-NEXT: loom.add
// CHECK-NEXT: return
func.func @negative_epilogue_cycle(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = loom.matmul %x, %w : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %1 = loom.reduce_sum %0 axes [1] keepdims : (tensor<4x4xf32>) -> tensor<4x1xf32>
  %2 = loom.transpose %0 permutation [1, 0] : (tensor<4x4xf32>) -> tensor<4x4xf32>
  %3 = loom.sub %0, %1 : (tensor<4x4xf32>, tensor<4x1xf32>) -> tensor<4x4xf32>
  %4 = loom.add %3, %2 : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %4 : tensor<4x4xf32>
}

// -----

// An elementwise producer of an epilogue op (here a bias computed from an
// argument) joins the epilogue, not the matmul's operands.
// CHECK-LABEL: func.func @epilogue_takes_producers(
// CHECK: call @epilogue_takes_producers_kernel_0
// CHECK-NOT: call
// CHECK: func.func private @epilogue_takes_producers_kernel_0
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: loom.exp
// CHECK-NEXT: loom.add
// CHECK-NEXT: return
func.func @epilogue_takes_producers(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> tensor<4x4xf32> {
  %0 = loom.matmul %x, %w : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %1 = loom.exp %b : tensor<4xf32>
  %2 = loom.add %0, %1 : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// A group whose values nobody reads is dropped, not outlined, and so is the
// constant it read.
// CHECK-LABEL: func.func @dead_group(
// CHECK-NOT: loom.
// CHECK: call @dead_group_kernel_0
// CHECK-NOT: call
// CHECK: func.func private @dead_group_kernel_0
// CHECK-NEXT: loom.neg
// CHECK-NEXT: return
// CHECK-NEXT: }
// CHECK-NEXT: }
func.func @dead_group(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = loom.constant dense<2.0> : tensor<f32>
  %0 = loom.mul %x, %c : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = loom.neg %x : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// With a dynamic size, an equal shape does not prove an equal size: no
// epilogue, and no elementwise marking.
// CHECK-LABEL: func.func @negative_dynamic_shapes(
// CHECK: call @negative_dynamic_shapes_kernel_0
// CHECK: call @negative_dynamic_shapes_kernel_1
// CHECK: func.func private @negative_dynamic_shapes_kernel_0
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<generic>} {
// CHECK-NEXT: loom.matmul
// CHECK-NEXT: return
// CHECK: func.func private @negative_dynamic_shapes_kernel_1
// CHECK-SAME: attributes {loom.kernel = #loom.kernel<generic>} {
// CHECK-NEXT: loom.add
// CHECK-NEXT: return
func.func @negative_dynamic_shapes(%x: tensor<?x8xf32>, %w: tensor<8x8xf32>, %y: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = loom.matmul %x, %w : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
  %1 = loom.add %0, %y : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %1 : tensor<?x8xf32>
}

// -----

// The ops keep their locations (ONNX node names); a call and its kernel take
// the root's location.
// LOC-LABEL: func.func @locations(
// LOC: call @locations_kernel_0({{.*}} loc("gemm")
// LOC-NEXT: call @locations_kernel_1({{.*}} loc("rs")
// LOC: func.func private @locations_kernel_0
// LOC-NEXT: loom.matmul {{.*}} loc("gemm")
// LOC-NEXT: loom.relu {{.*}} loc("act")
// LOC-NEXT: loom.exp {{.*}} loc("e")
// LOC-NEXT: return
// LOC-NEXT: } loc("gemm")
// LOC-NEXT: func.func private @locations_kernel_1
// LOC-NEXT: loom.reduce_sum {{.*}} loc("rs")
// LOC-NEXT: return
// LOC-NEXT: } loc("rs")
func.func @locations(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4xf32> {
  %0 = loom.matmul %x, %w : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32> loc("gemm")
  %1 = loom.relu %0 : tensor<4x4xf32> loc("act")
  %2 = loom.exp %1 : tensor<4x4xf32> loc("e")
  %3 = loom.reduce_sum %2 axes [1] : (tensor<4x4xf32>) -> tensor<4xf32> loc("rs")
  return %3 : tensor<4xf32>
}
