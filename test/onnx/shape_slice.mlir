// Slice becomes loom.slice with the bounds clamped as ONNX does: offsets
// are absolute, sizes computed, and the result may be empty.

// Opset 13: starts, ends, axes and steps are inputs. Row -1 backwards to
// INT64_MIN with step -2 reads rows 4, 2, 0; columns 0 to INT64_MAX with
// step 3 (axis -1) read 0, 3, 6.
// RUN: sed -n 's|^// model slice13: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.slice13.onnx
// RUN: loomc %t.slice13.onnx | FileCheck %s --check-prefix=SLICE13
// model slice13: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model slice13:   initializer { name: "starts" data_type: 7 dims: 2 int64_data: [-1, 0] }
// model slice13:   initializer { name: "ends" data_type: 7 dims: 2 int64_data: [-9223372036854775808, 9223372036854775807] }
// model slice13:   initializer { name: "axes" data_type: 7 dims: 2 int64_data: [0, -1] }
// model slice13:   initializer { name: "steps" data_type: 7 dims: 2 int64_data: [-2, 3] }
// model slice13:   node { input: "x" input: "starts" input: "ends" input: "axes" input: "steps" output: "y" op_type: "Slice" }
// model slice13:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 5 } dim { dim_value: 7 } } } } }
// model slice13:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// SLICE13: loom.slice %{{.*}} offsets [4, 0] steps [-2, 3] : tensor<5x7xf32> to tensor<3x3xf32>

// Opset 9: starts, ends and axes are attributes and the step is 1. Starts
// past the end give an empty result; negative ends count from the back.
// RUN: sed -n 's|^// model slice9: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.slice9.onnx
// RUN: loomc %t.slice9.onnx | FileCheck %s --check-prefix=SLICE9
// model slice9: ir_version: 8 opset_import { version: 9 } graph { name: "g"
// model slice9:   node { input: "x" output: "a" op_type: "Slice"
// model slice9:          attribute { name: "starts" type: INTS ints: [1] } attribute { name: "ends" type: INTS ints: [-1] }
// model slice9:          attribute { name: "axes" type: INTS ints: [1] } }
// model slice9:   node { input: "x" output: "b" op_type: "Slice"
// model slice9:          attribute { name: "starts" type: INTS ints: [10, 0] } attribute { name: "ends" type: INTS ints: [1000, 2] } }
// model slice9:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 5 } dim { dim_value: 7 } } } } }
// model slice9:   output { name: "a" type { tensor_type { elem_type: 1 } } }
// model slice9:   output { name: "b" type { tensor_type { elem_type: 1 } } } }
// SLICE9: loom.slice %{{.*}} offsets [0, 1] steps [1, 1] : tensor<5x7xf32> to tensor<5x5xf32>
// SLICE9: loom.slice %{{.*}} offsets [0, 0] steps [1, 1] : tensor<5x7xf32> to tensor<0x2xf32>

// On a constant input the slice is computed at import time: backwards
// from the last element to the clamped INT64_MIN end.
// RUN: sed -n 's|^// model reverse: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.reverse.onnx
// RUN: loomc %t.reverse.onnx | FileCheck %s --check-prefix=REVERSE
// model reverse: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model reverse:   initializer { name: "x" data_type: 7 dims: 5 int64_data: [0, 1, 2, 3, 4] }
// model reverse:   initializer { name: "starts" data_type: 7 dims: 1 int64_data: [-1] }
// model reverse:   initializer { name: "ends" data_type: 7 dims: 1 int64_data: [-9223372036854775808] }
// model reverse:   initializer { name: "axes" data_type: 7 dims: 1 int64_data: [0] }
// model reverse:   initializer { name: "steps" data_type: 7 dims: 1 int64_data: [-2] }
// model reverse:   node { input: "x" input: "starts" input: "ends" input: "axes" input: "steps" output: "y" op_type: "Slice" }
// model reverse:   output { name: "y" type { tensor_type { elem_type: 7 } } } }
// REVERSE: loom.constant dense<[4, 2, 0]> : tensor<3xi64>

// A zero step is an error.
// RUN: sed -n 's|^// model zerostep: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.zerostep.onnx
// RUN: not loomc %t.zerostep.onnx 2>&1 | FileCheck %s --check-prefix=ZEROSTEP
// model zerostep: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model zerostep:   initializer { name: "starts" data_type: 7 dims: 1 int64_data: 0 }
// model zerostep:   initializer { name: "ends" data_type: 7 dims: 1 int64_data: 3 }
// model zerostep:   initializer { name: "axes" data_type: 7 dims: 1 int64_data: 0 }
// model zerostep:   initializer { name: "steps" data_type: 7 dims: 1 int64_data: 0 }
// model zerostep:   node { input: "x" input: "starts" input: "ends" input: "axes" input: "steps" output: "y" op_type: "Slice" }
// model zerostep:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 5 } } } } }
// model zerostep:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// ZEROSTEP: (Slice, opset 13): step of axis 0 is 0

// Bounds that are graph inputs make a data-shaped loom.runtime_slice
// (slice_runtime.mlir).
// RUN: loomc %onnx_data/node/test_slice_neg_steps/model.onnx | FileCheck %s --check-prefix=NOTCONST
// NOTCONST: loom.runtime_slice %arg0, %arg1, %arg2, %arg3, %arg4 : (tensor<20x10x5xf32>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>) -> (tensor<1000xf32>, tensor<3xi64>)
