// The STFT frames are a gather of the signal with a constant table of
// positions, multiplied by the window, and transformed as DFT is (matmuls
// with constant cosine and sine matrices); MelWeightMatrix is a constant.

// RUN: split-file %s %t

// frame_step 2, frame_length 4 over 8 samples: 3 frames at 0, 2 and 4, 3
// onesided bins each.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/stft.textproto > %t/stft.onnx
// RUN: loomc %t/stft.onnx | FileCheck %s --check-prefix=STFT
// STFT: func.func @main(%arg0: tensor<1x8x1xf32> {loom.name = "signal"}) -> (tensor<1x3x3x2xf32> {loom.name = "y"})
// STFT: %[[POS:.*]] = loom.constant dense<{{\[}}[0, 1, 2, 3], [2, 3, 4, 5], [4, 5, 6, 7]]> : tensor<3x4xi64>
// STFT: %[[FRAMES:.*]] = loom.gather %arg0, %[[POS]] axis 1 : (tensor<1x8x1xf32>, tensor<3x4xi64>) -> tensor<1x3x4x1xf32>
// STFT: loom.matmul %{{.*}}, %{{.*}} : (tensor<1x3x4xf32>, tensor<4x3xf32>) -> tensor<1x3x3xf32>
// STFT: loom.concat %{{.*}}, %{{.*}} axis 3 : (tensor<1x3x3x1xf32>, tensor<1x3x3x1xf32>) -> tensor<1x3x3x2xf32>
// The values are numpy.fft.fft's of each frame.
// RUN: loomc %t/stft.onnx --target=cpu -o %t/stft.loom
// RUN: loom-run %t/stft.loom --input=1x8x1xf32=0,1,2,3,4,5,6,7 --expected=1x3x3x2xf32=6,0,-2,2,-2,0,14,0,-2,2,-2,0,22,0,-2,2,-2,0 --atol=1e-5 | FileCheck %s --check-prefix=RESULT
// RESULT: matches

// A window read at run time multiplies each frame; its length is the frame
// length.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/stft_window.textproto > %t/stft_window.onnx
// RUN: loomc %t/stft_window.onnx | FileCheck %s --check-prefix=WINDOW
// WINDOW: func.func @main(%arg0: tensor<1x8x1xf32> {loom.name = "signal"}, %arg1: tensor<4xf32> {loom.name = "window"}) -> (tensor<1x3x3x2xf32> {loom.name = "y"})
// WINDOW: %[[FRAMES:.*]] = loom.gather %arg0
// WINDOW: %[[W:.*]] = loom.reshape %arg1 : tensor<4xf32> to tensor<1x1x4x1xf32>
// WINDOW: loom.mul %[[FRAMES]], %[[W]] : (tensor<1x3x4x1xf32>, tensor<1x1x4x1xf32>) -> tensor<1x3x4x1xf32>
// RUN: loomc %t/stft_window.onnx --target=cpu -o %t/stft_window.loom
// RUN: loom-run %t/stft_window.loom --input=1x8x1xf32=0,1,2,3,4,5,6,7 --input=4xf32=0.5,1,1,0.5 --expected=1x3x3x2xf32=4.5,0,-2,0.5,-0.5,0,10.5,0,-3,-0.5,-0.5,0,16.5,0,-4,-1.5,-0.5,0 --atol=1e-5 | FileCheck %s --check-prefix=RESULT

// frame_step and frame_length fix the result's shape: read at run time
// (as ONNX's test gives them) they are refused, each named.
// RUN: not loomc %onnx_data/node/test_stft/model.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: node 'STFT_0' (STFT, opset 17): input 1 (frame_step, 'frame_step') must be a constant integer tensor computable at compile time; input 3 (frame_length, 'frame_length') must be a constant integer tensor computable at compile time: frame_step and frame_length decide the result's shape

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/stft_mismatch.textproto > %t/stft_mismatch.onnx
// RUN: not loomc %t/stft_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: node 'stft' (STFT, opset 17): the window has 4 samples but frame_length is 5

// MelWeightMatrix with ONNX's test values (8 mel bins, dft_length 16,
// sample rate 8192, 0 to 4096 Hz): its filters have one or two nonzero
// taps.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/mel.textproto > %t/mel.onnx
// RUN: loomc %t/mel.onnx | FileCheck %s --check-prefix=MEL
// MEL: func.func @main() -> (tensor<9x8xf32> {loom.name = "y"})
// MEL: loom.constant dense<{{\[}}[1.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 1.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<9x8xf32>

// Read at run time, its inputs are all named at once.
// RUN: not loomc %onnx_data/node/test_melweightmatrix/model.onnx 2>&1 | FileCheck %s --check-prefix=MEL-RUNTIME
// MEL-RUNTIME: node 'MelWeightMatrix_0' (MelWeightMatrix, opset 17): input 0 (num_mel_bins, 'num_mel_bins') must be a constant integer scalar computable at compile time; input 1 (dft_length, 'dft_length') {{.*}}; input 4 (upper_edge_hertz, 'upper_edge_hertz') must be a constant float scalar computable at compile time: the inputs decide the matrix's shape and values, which Loom builds at compile time

//--- stft.textproto
ir_version: 8
opset_import { domain: "" version: 17 }
graph {
  name: "stft"
  node { name: "stft" input: "signal" input: "step" input: "" input: "length" output: "y" op_type: "STFT" }
  initializer { name: "step" data_type: 7 int64_data: 2 }
  initializer { name: "length" data_type: 7 int64_data: 4 }
  input { name: "signal" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 8 } dim { dim_value: 1 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- stft_window.textproto
ir_version: 8
opset_import { domain: "" version: 17 }
graph {
  name: "stft_window"
  node { name: "stft" input: "signal" input: "step" input: "window" output: "y" op_type: "STFT" }
  initializer { name: "step" data_type: 7 int64_data: 2 }
  input { name: "signal" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 8 } dim { dim_value: 1 } } } } }
  input { name: "window" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- stft_mismatch.textproto
ir_version: 8
opset_import { domain: "" version: 17 }
graph {
  name: "stft_mismatch"
  node { name: "stft" input: "signal" input: "step" input: "window" input: "length" output: "y" op_type: "STFT" }
  initializer { name: "step" data_type: 7 int64_data: 2 }
  initializer { name: "length" data_type: 7 int64_data: 5 }
  input { name: "signal" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 8 } dim { dim_value: 1 } } } } }
  input { name: "window" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- mel.textproto
ir_version: 8
opset_import { domain: "" version: 17 }
graph {
  name: "mel"
  node { name: "mel" input: "bins" input: "dft" input: "rate" input: "low" input: "high" output: "y" op_type: "MelWeightMatrix" }
  initializer { name: "bins" data_type: 6 int32_data: 8 }
  initializer { name: "dft" data_type: 6 int32_data: 16 }
  initializer { name: "rate" data_type: 6 int32_data: 8192 }
  initializer { name: "low" data_type: 1 float_data: 0 }
  initializer { name: "high" data_type: 1 float_data: 4096 }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
