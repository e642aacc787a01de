// RUN: loom-opt %s -split-input-file -loom-refine-shapes | FileCheck %s

// CHECK-LABEL: func.func @propagates_through_a_chain
// CHECK-SAME: -> tensor<4x16xf32>
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
// CHECK: loom.add %{{.*}}, %{{.*}} : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
// CHECK: loom.relu %{{.*}} : tensor<4x16xf32>
// CHECK: return %{{.*}} : tensor<4x16xf32>
func.func @propagates_through_a_chain(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<?x?xf32> {
  %0 = loom.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<?x?xf32>
  %1 = loom.add %0, %b : (tensor<?x?xf32>, tensor<16xf32>) -> tensor<?x?xf32>
  %2 = loom.relu %1 : tensor<?x?xf32>
  return %2 : tensor<?x?xf32>
}

// -----

// A user outside the loom dialect keeps the type it was built for.
// CHECK-LABEL: func.func @foreign_user_gets_a_cast
// CHECK: %[[SUM:.*]] = loom.add %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK: %[[CAST:.*]] = tensor.cast %[[SUM]] : tensor<3xf32> to tensor<?xf32>
// CHECK: tensor.dim %[[CAST]]
func.func @foreign_user_gets_a_cast(%x: tensor<3xf32>) -> index {
  %0 = loom.add %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<?xf32>
  %c0 = arith.constant 0 : index
  %1 = tensor.dim %0, %c0 : tensor<?xf32>
  return %1 : index
}

// -----

// Nothing to learn from a dynamic input: the types stay as they are.
// CHECK-LABEL: func.func @negative_dynamic_input
// CHECK: loom.add %{{.*}}, %{{.*}} : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
// CHECK: return %{{.*}} : tensor<?xf32>
func.func @negative_dynamic_input(%x: tensor<?xf32>, %y: tensor<1xf32>) -> tensor<?xf32> {
  %0 = loom.add %x, %y : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
