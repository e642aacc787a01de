// RoiAlign (mode avg, a fixed sampling_ratio): the sample positions are
// computed from the rois (read at run time); each of the 4 bilinear
// corners is a gather_elements over X's flattened N * H * W positions per
// channel, and each bin's ratio x ratio samples are averaged.

// RUN: loomc %onnx_data/node/test_roialign_aligned_true/model.onnx | FileCheck %s --check-prefix=ALIGN
// ALIGN: func.func @main(%arg0: tensor<1x1x10x10xf32> {loom.name = "X"}, %arg1: tensor<3x4xf32> {loom.name = "rois"}, %arg2: tensor<3xi64> {loom.name = "batch_indices"}) -> (tensor<3x1x5x5xf32> {loom.name = "Y"})
// ALIGN: loom.slice %arg1 offsets [0, 1] steps [1, 1] : tensor<3x4xf32> to tensor<3x1xf32>
// ALIGN: %[[T:.*]] = loom.transpose %arg0 permutation [1, 0, 2, 3]
// ALIGN: %[[FLAT:.*]] = loom.reshape %[[T]] : tensor<1x1x10x10xf32> to tensor<1x100xf32>
// ALIGN-COUNT-4: loom.gather_elements %[[FLAT]], %{{.*}} axis 1 : (tensor<1x100xf32>, tensor<1x300xi64>) -> tensor<1x300xf32>
// ALIGN: %[[BINS:.*]] = loom.reduce_sum %{{.*}} axes [3, 5] : (tensor<1x3x5x2x5x2xf32>) -> tensor<1x3x5x5xf32>
// ALIGN: %[[MEAN:.*]] = loom.mul %[[BINS]], %{{.*}}
// ALIGN: loom.transpose %[[MEAN]] permutation [1, 0, 2, 3] : (tensor<1x3x5x5xf32>) -> tensor<3x1x5x5xf32>

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/roi_adaptive.textproto > %t/roi_adaptive.onnx
// RUN: not loomc %t/roi_adaptive.onnx 2>&1 | FileCheck %s --check-prefix=ADAPTIVE
// ADAPTIVE: node 'roi' (RoiAlign, opset 16): sampling_ratio 0 (adaptive: the sample count follows the rois' sizes at run time) is not supported; give a positive one
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/roi_max.textproto > %t/roi_max.onnx
// RUN: not loomc %t/roi_max.onnx 2>&1 | FileCheck %s --check-prefix=MAX
// MAX: node 'roi' (RoiAlign, opset 16): mode 'max' is not supported (avg is)

//--- roi_adaptive.textproto
ir_version: 8
opset_import { domain: "" version: 16 }
graph {
  name: "roi_adaptive"
  node { name: "roi" input: "x" input: "rois" input: "batch" output: "y" op_type: "RoiAlign"
         attribute { name: "output_height" i: 2 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 6 } dim { dim_value: 6 } } } } }
  input { name: "rois" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  input { name: "batch" type { tensor_type { elem_type: 7 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- roi_max.textproto
ir_version: 8
opset_import { domain: "" version: 16 }
graph {
  name: "roi_max"
  node { name: "roi" input: "x" input: "rois" input: "batch" output: "y" op_type: "RoiAlign"
         attribute { name: "mode" s: "max" type: STRING } attribute { name: "sampling_ratio" i: 2 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 6 } dim { dim_value: 6 } } } } }
  input { name: "rois" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  input { name: "batch" type { tensor_type { elem_type: 7 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
