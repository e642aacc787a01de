// RUN: loom-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// The attribute round-trips; trailing unsplit dimensions and an absent
// partial list are printed as they are.
// CHECK-LABEL: func.func @roundtrip(
// CHECK-SAME: %{{.*}}: tensor<8x4xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0, 1], []]>}
// CHECK: loom.neg %{{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0]], partial = [1]>}
// CHECK: loom.constant {loom.sharding = #loom.sharding<@mesh, []>}
func.func @roundtrip(%x: tensor<8x4xf32> {loom.sharding = #loom.sharding<@mesh, [[0, 1], []]>}) -> tensor<8x4xf32> {
  %0 = loom.neg %x {loom.sharding = #loom.sharding<@mesh, [[], [0]], partial = [1]>} : tensor<8x4xf32>
  %1 = loom.constant {loom.sharding = #loom.sharding<@mesh, []>} dense<1.0> : tensor<f32>
  return %0 : tensor<8x4xf32>
}

// -----

// expected-error@+1 {{grid axis 0 appears twice in one sharding}}
func.func @split_twice() attributes {s = #loom.sharding<@mesh, [[0], [0]]>} {
  return
}

// -----

// expected-error@+1 {{grid axis 1 appears twice in one sharding}}
func.func @split_and_partial() attributes {s = #loom.sharding<@mesh, [[1]], partial = [1]>} {
  return
}

// -----

// expected-error@+1 {{grid axis -1 is negative}}
func.func @negative() attributes {s = #loom.sharding<@mesh, [[-1]]>} {
  return
}
