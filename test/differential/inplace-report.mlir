// The memory plan of in-place results (issue 13): the issue's function,
// whose dying tensor<8xf64> has the byte size of its tensor<8x8xi1> result
// but is broadcast, plans no in-place result; a same-shaped one still does.
// RUN: split-file %s %t
// RUN: loomc --target=cpu %t/broadcast.mlir -o %t/broadcast.loom --report | FileCheck %s --check-prefix=BROADCAST
// RUN: loomc --target=cpu %t/same_shape.mlir -o %t/same_shape.loom --report | FileCheck %s --check-prefix=SAME

// BROADCAST: peak arena bytes: {{[0-9]+}} ({{[0-9]+}} without reuse; 0 kernel results written in place)
// SAME: peak arena bytes: {{[0-9]+}} ({{[0-9]+}} without reuse; 1 kernel results written in place)

//--- broadcast.mlir
// The issue's function: tensor<8xf64> (64 bytes) broadcast into a
// tensor<8x8xi1> (64 bytes).
func.func @main(%x: tensor<8x5xf64>, %b: tensor<8x8xf64>) -> tensor<8x8xi1> {
  %s = loom.reduce_sum %x axes [1] : (tensor<8x5xf64>) -> tensor<8xf64>
  %r = loom.compare lt, %s, %b : (tensor<8xf64>, tensor<8x8xf64>) -> tensor<8x8xi1>
  %t = loom.transpose %r permutation [1, 0] : (tensor<8x8xi1>) -> tensor<8x8xi1>
  return %t : tensor<8x8xi1>
}

//--- same_shape.mlir
// The result has the dying argument's shape and element size: reuse is
// right, and still planned.
func.func @main(%x: tensor<8x8x5xf32>, %b: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %s = loom.reduce_sum %x axes [2] : (tensor<8x8x5xf32>) -> tensor<8x8xf32>
  %r = loom.sub %s, %b : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %t = loom.transpose %r permutation [1, 0] : (tensor<8x8xf32>) -> tensor<8x8xf32>
  return %t : tensor<8x8xf32>
}

