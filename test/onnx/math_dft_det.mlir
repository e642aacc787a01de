// DFT: matmuls of the real and imaginary parts with constant [n, k]
// cosine and sine matrices along the signal axis; Det: Leibniz's formula.

// onesided: k <= L / 2, so a [4, 3] matrix for a length-4 signal; a real
// input needs two matmuls (forward: the imaginary part is -x S).
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/dft_onesided.textproto > %t/dft_onesided.onnx
// RUN: loomc %t/dft_onesided.onnx | FileCheck %s --check-prefix=ONESIDED
// ONESIDED: func.func @main(%arg0: tensor<2x4x1xf32> {loom.name = "x"}) -> (tensor<2x3x2xf32> {loom.name = "y"})
// ONESIDED: %[[C:.*]] = loom.constant dense<{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 6.12323426E-17, -1.000000e+00], [1.000000e+00, -1.000000e+00, 1.000000e+00], [1.000000e+00, -1.83697015E-16, -1.000000e+00]]> : tensor<4x3xf32>
// ONESIDED: %[[S:.*]] = loom.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 1.22464685E-16], [0.000000e+00, 1.22464685E-16, 0.000000e+00], [0.000000e+00, -1.000000e+00, 1.22464685E-16]]> : tensor<4x3xf32>
// ONESIDED: %[[RE:.*]] = loom.matmul %[[X:.*]], %[[C]] : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// ONESIDED: %[[XS:.*]] = loom.matmul %[[X]], %[[S]]
// ONESIDED: %[[IM:.*]] = loom.neg %[[XS]]
// ONESIDED: loom.concat %{{.*}}, %{{.*}} axis 2 : (tensor<2x3x1xf32>, tensor<2x3x1xf32>) -> tensor<2x3x2xf32>

// A complex inverse transform along axis 1 of [1, 10, 10, 2]: the axis is
// moved last and back; four matmuls.
// RUN: loomc %onnx_data/node/test_dft_inverse/model.onnx | FileCheck %s --check-prefix=INVERSE
// INVERSE: loom.transpose %{{.*}} permutation [0, 2, 1]
// INVERSE-COUNT-4: loom.matmul
// INVERSE: loom.concat %{{.*}}, %{{.*}} axis 3 : (tensor<1x10x10x1xf32>, tensor<1x10x10x1xf32>) -> tensor<1x10x10x2xf32>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/dft_axis.textproto > %t/dft_axis.onnx
// RUN: not loomc %t/dft_axis.onnx 2>&1 | FileCheck %s --check-prefix=AXIS
// AXIS: node 'dft' (DFT, opset 17): axis 2 is not a signal dimension of the rank-3 input (the last holds the real and imaginary parts)

// Det of 2x2: a00 * a11 - a01 * a10.
// RUN: loomc %onnx_data/node/test_det_2d/model.onnx | FileCheck %s --check-prefix=DET2
// DET2: %[[A00:.*]] = loom.slice %arg0 offsets [0, 0] steps [1, 1] : tensor<2x2xf32> to tensor<1x1xf32>
// DET2: %[[B00:.*]] = loom.reshape %[[A00]] : tensor<1x1xf32> to tensor<f32>
// DET2: %[[A11:.*]] = loom.slice %arg0 offsets [1, 1] steps [1, 1]
// DET2: %[[B11:.*]] = loom.reshape %[[A11]]
// DET2: %[[P:.*]] = loom.mul %[[B00]], %[[B11]]
// DET2: %[[A01:.*]] = loom.slice %arg0 offsets [0, 1] steps [1, 1]
// DET2: %[[B01:.*]] = loom.reshape %[[A01]]
// DET2: %[[A10:.*]] = loom.slice %arg0 offsets [1, 0] steps [1, 1]
// DET2: %[[B10:.*]] = loom.reshape %[[A10]]
// DET2: %[[Q:.*]] = loom.mul %[[B01]], %[[B10]]
// DET2: %[[D:.*]] = loom.sub %[[P]], %[[Q]]
// DET2: return %[[D]] : tensor<f32>

// A batch of 3x3: 6 products of 3 entries (12 multiplications), batched
// elementwise.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/det3.textproto > %t/det3.onnx
// RUN: loomc %t/det3.onnx | FileCheck %s --check-prefix=DET3
// DET3: func.func @main(%arg0: tensor<4x3x3xf32> {loom.name = "x"}) -> (tensor<4xf32> {loom.name = "y"})
// DET3-COUNT-12: loom.mul {{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// DET3-NOT: loom.mul

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/det5.textproto > %t/det5.onnx
// RUN: not loomc %t/det5.onnx 2>&1 | FileCheck %s --check-prefix=DET5
// DET5: node 'det' (Det, opset 11): matrices of size 5 are not supported (1 to 4 are)

//--- dft_onesided.textproto
ir_version: 8
opset_import { domain: "" version: 17 }
graph {
  name: "dft_onesided"
  node { name: "dft" input: "x" output: "y" op_type: "DFT"
         attribute { name: "onesided" i: 1 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } dim { dim_value: 1 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- dft_axis.textproto
ir_version: 8
opset_import { domain: "" version: 17 }
graph {
  name: "dft_last_axis"
  node { name: "dft" input: "x" output: "y" op_type: "DFT"
         attribute { name: "axis" i: 2 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } dim { dim_value: 1 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- det3.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "det3"
  node { name: "det" input: "x" output: "y" op_type: "Det" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } dim { dim_value: 3 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- det5.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "det5"
  node { name: "det" input: "x" output: "y" op_type: "Det" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 5 } dim { dim_value: 5 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
