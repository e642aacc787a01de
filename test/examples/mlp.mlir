// The bundled example round-trips and the simplification pipeline
// makes every shape static and folds the scaled bias.
// RUN: loom-opt %S/../../examples/mlp.mlir | loom-opt | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: loom-opt %S/../../examples/mlp.mlir --loom-refine-shapes --loom-fold-constants --canonicalize --cse | FileCheck %s

// ROUNDTRIP: func.func @mlp(%{{.*}}: tensor<4x8xf32>) -> tensor<?x2xf32>

// CHECK-LABEL: func.func @mlp
// CHECK-SAME: -> tensor<4x2xf32>
// CHECK-NOT: loom.mul
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
// CHECK: loom.gelu %{{.*}} : tensor<4x16xf32>
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<4x16xf32>, tensor<16x2xf32>) -> tensor<4x2xf32>
