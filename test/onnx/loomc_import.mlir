// loomc imports ONNX and Loom's own .mlir, fixes input shapes, simplifies,
// and writes the graph with -o or to stdout.

// RUN: loomc %onnx_data/node/test_add_bcast/model.onnx -o %t.mlir
// RUN: FileCheck %s --check-prefix=ONNX --input-file=%t.mlir
// ONNX-LABEL: func.func @main
// ONNX-SAME: (%{{.*}}: tensor<3x4x5xf32> {loom.name = "x"}, %{{.*}}: tensor<5xf32> {loom.name = "y"})
// ONNX-SAME: -> (tensor<3x4x5xf32> {loom.name = "sum"})
// ONNX: loom.add %{{.*}}, %{{.*}} : (tensor<3x4x5xf32>, tensor<5xf32>) -> tensor<3x4x5xf32>

// The output is Loom's own format and reads back.
// RUN: loomc %t.mlir --emit=loom | FileCheck %s --check-prefix=ONNX

// --input-shape on an .mlir model fixes an open dimension, and the shapes
// refine through the graph.
// RUN: loomc %s --input-shape=x:4x3 | FileCheck %s --check-prefix=MLIR
// MLIR: func.func @main(%{{.*}}: tensor<4x3xf32> {loom.name = "x"}) -> tensor<4x3xf32>
// MLIR: loom.relu %{{.*}} : tensor<4x3xf32>
func.func @main(%x: tensor<?x3xf32> {loom.name = "x"}) -> tensor<?x3xf32> {
  %0 = loom.relu %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
