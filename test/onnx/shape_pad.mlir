// Pad maps to loom.pad; pads list the begin amounts of every dimension,
// then the end amounts, and negative amounts crop.

// Before opset 11 pads and value are attributes.
// RUN: sed -n 's|^// model pad7: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.pad7.onnx
// RUN: loomc %t.pad7.onnx | FileCheck %s --check-prefix=PAD7
// model pad7: ir_version: 8 opset_import { version: 7 } graph { name: "g"
// model pad7:   node { input: "x" output: "y" op_type: "Pad"
// model pad7:          attribute { name: "pads" type: INTS ints: [1, 0, 2, -1] } attribute { name: "value" type: FLOAT f: 1.5 } }
// model pad7:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
// model pad7:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// PAD7: loom.pad %{{.*}} low [1, 0] high [2, -1] mode constant value 1.500000e+00 : (tensor<2x3xf32>) -> tensor<5x2xf32>

// From opset 11 they are inputs; reflect and edge take no value.
// RUN: sed -n 's|^// model pad13: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.pad13.onnx
// RUN: loomc %t.pad13.onnx | FileCheck %s --check-prefix=PAD13
// model pad13: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model pad13:   initializer { name: "pads" data_type: 7 dims: 4 int64_data: [0, 2, 0, -1] }
// model pad13:   initializer { name: "value" data_type: 1 float_data: 3 }
// model pad13:   node { input: "x" input: "pads" input: "value" output: "a" op_type: "Pad"
// model pad13:          attribute { name: "mode" type: STRING s: "reflect" } }
// model pad13:   node { input: "x" input: "pads" output: "b" op_type: "Pad"
// model pad13:          attribute { name: "mode" type: STRING s: "edge" } }
// model pad13:   node { input: "x" input: "pads" input: "value" output: "c" op_type: "Pad" }
// model pad13:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
// model pad13:   output { name: "a" type { tensor_type { elem_type: 1 } } }
// model pad13:   output { name: "b" type { tensor_type { elem_type: 1 } } }
// model pad13:   output { name: "c" type { tensor_type { elem_type: 1 } } } }
// PAD13: loom.pad %{{.*}} low [0, 2] high [0, -1] mode reflect : (tensor<2x3xf32>) -> tensor<2x4xf32>
// PAD13: loom.pad %{{.*}} low [0, 2] high [0, -1] mode edge : (tensor<2x3xf32>) -> tensor<2x4xf32>
// PAD13: loom.pad %{{.*}} low [0, 2] high [0, -1] mode constant value 3.000000e+00 : (tensor<2x3xf32>) -> tensor<2x4xf32>

// A constant_value known only at run time is selected in where no input
// element landed; the mask is a constant.
// RUN: sed -n 's|^// model dynamic: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.dynamic.onnx
// RUN: loomc %t.dynamic.onnx | FileCheck %s --check-prefix=DYNAMIC
// model dynamic: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model dynamic:   initializer { name: "pads" data_type: 7 dims: 2 int64_data: [1, 1] }
// model dynamic:   node { input: "x" input: "pads" input: "v" output: "y" op_type: "Pad" }
// model dynamic:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
// model dynamic:   input { name: "v" type { tensor_type { elem_type: 1 shape { } } } }
// model dynamic:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// DYNAMIC-DAG: %[[MASK:.*]] = loom.constant dense<[false, true, true, false]> : tensor<4xi1>
// DYNAMIC-DAG: %[[PADDED:.*]] = loom.pad %arg0 low [1] high [1] mode constant : (tensor<2xf32>) -> tensor<4xf32>
// DYNAMIC: loom.select %[[MASK]], %[[PADDED]], %arg1 : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>

// Reflecting needs pads smaller than the dimension.
// RUN: sed -n 's|^// model badreflect: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.badreflect.onnx
// RUN: not loomc %t.badreflect.onnx 2>&1 | FileCheck %s --check-prefix=BADREFLECT
// model badreflect: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model badreflect:   initializer { name: "pads" data_type: 7 dims: 2 int64_data: [3, 0] }
// model badreflect:   node { input: "x" input: "pads" output: "y" op_type: "Pad"
// model badreflect:          attribute { name: "mode" type: STRING s: "reflect" } }
// model badreflect:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
// model badreflect:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// BADREFLECT: (Pad, opset 13): 'loom.pad' op reflect pad 3 at the low end of dimension 0 must be smaller than its size 3
