// Inputs for the differential tester (`loom-differential FILE.mlir`): each
// function is compiled for the CPU and run on random inputs, and its
// results are compared with the reference evaluator's. One small function
// per NN / scan / top-k op and attribute variant (passes/LowerToLinalgNN.cpp),
// static shapes throughout.
// RUN: loom-differential %s

func.func @conv2d_3x3_pad1(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> (tensor<1x8x8x8xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

func.func @conv2d_stride2_asymmetric_pad(%x: tensor<1x4x9x9xf32>, %w: tensor<8x4x3x3xf32>) -> (tensor<1x8x4x4xf32>) {
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [1, 0] groups 1 : (tensor<1x4x9x9xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

func.func @conv2d_dilation2(%x: tensor<1x2x9x9xf32>, %w: tensor<4x2x3x3xf32>) -> (tensor<1x4x5x5xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [2, 2] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x9x9xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

func.func @conv2d_batch2(%x: tensor<2x3x6x6xf32>, %w: tensor<5x3x3x3xf32>) -> (tensor<2x5x4x4xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<2x3x6x6xf32>, tensor<5x3x3x3xf32>) -> tensor<2x5x4x4xf32>
  return %y : tensor<2x5x4x4xf32>
}

func.func @conv2d_1x1(%x: tensor<1x16x5x5xf32>, %w: tensor<8x16x1x1xf32>) -> (tensor<1x8x5x5xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x16x5x5xf32>, tensor<8x16x1x1xf32>) -> tensor<1x8x5x5xf32>
  return %y : tensor<1x8x5x5xf32>
}

func.func @conv2d_1x1_batch3(%x: tensor<3x8x4x4xf32>, %w: tensor<4x8x1x1xf32>) -> (tensor<3x4x4x4xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<3x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<3x4x4x4xf32>
  return %y : tensor<3x4x4x4xf32>
}

func.func @conv2d_1x1_stride2(%x: tensor<1x8x6x6xf32>, %w: tensor<4x8x1x1xf32>) -> (tensor<1x4x3x3xf32>) {
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x8x6x6xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

func.func @conv1d_pad_stride(%x: tensor<2x3x10xf32>, %w: tensor<4x3x3xf32>) -> (tensor<2x4x5xf32>) {
  %y = loom.conv %x, %w strides [2] dilations [1] pad_low [1] pad_high [1] groups 1 : (tensor<2x3x10xf32>, tensor<4x3x3xf32>) -> tensor<2x4x5xf32>
  return %y : tensor<2x4x5xf32>
}

func.func @conv3d(%x: tensor<1x2x4x4x4xf32>, %w: tensor<3x2x2x2x2xf32>) -> (tensor<1x3x3x3x3xf32>) {
  %y = loom.conv %x, %w strides [1, 1, 1] dilations [1, 1, 1] pad_low [0, 0, 0] pad_high [0, 0, 0] groups 1 : (tensor<1x2x4x4x4xf32>, tensor<3x2x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return %y : tensor<1x3x3x3x3xf32>
}

func.func @conv2d_grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<6x2x3x3xf32>) -> (tensor<1x6x4x4xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 2 : (tensor<1x4x6x6xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

func.func @conv2d_depthwise(%x: tensor<1x8x7x7xf32>, %w: tensor<8x1x3x3xf32>) -> (tensor<1x8x7x7xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 8 : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x7x7xf32>
  return %y : tensor<1x8x7x7xf32>
}

func.func @conv2d_depthwise_multiplier2_stride2(%x: tensor<2x4x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> (tensor<2x8x4x4xf32>) {
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [0, 0] groups 4 : (tensor<2x4x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<2x8x4x4xf32>
  return %y : tensor<2x8x4x4xf32>
}

func.func @conv2d_f16(%x: tensor<1x3x6x6xf16>, %w: tensor<4x3x3x3xf16>) -> (tensor<1x4x6x6xf16>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x3x6x6xf16>, tensor<4x3x3x3xf16>) -> tensor<1x4x6x6xf16>
  return %y : tensor<1x4x6x6xf16>
}

func.func @conv2d_i32(%x: tensor<1x2x5x5xi32>, %w: tensor<3x2x3x3xi32>) -> (tensor<1x3x3x3xi32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x5x5xi32>, tensor<3x2x3x3xi32>) -> tensor<1x3x3x3xi32>
  return %y : tensor<1x3x3x3xi32>
}

func.func @conv_transpose2d_stride2(%x: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x3x9x9xf32>) {
  %y = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 1 : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x9x9xf32>
  return %y : tensor<1x3x9x9xf32>
}

func.func @conv_transpose2d_pads_output_padding(%x: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<1x3x8x8xf32>) {
  %y = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] output_padding [1, 1] groups 1 : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %y : tensor<1x3x8x8xf32>
}

func.func @conv_transpose1d_grouped(%x: tensor<2x4x5xf32>, %w: tensor<4x2x3xf32>) -> (tensor<2x4x11xf32>) {
  %y = loom.conv_transpose %x, %w strides [2] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 2 : (tensor<2x4x5xf32>, tensor<4x2x3xf32>) -> tensor<2x4x11xf32>
  return %y : tensor<2x4x11xf32>
}

func.func @conv_transpose1d_dilation(%x: tensor<1x2x5xf32>, %w: tensor<2x3x2xf32>) -> (tensor<1x3x7xf32>) {
  %y = loom.conv_transpose %x, %w strides [1] dilations [2] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x2x5xf32>, tensor<2x3x2xf32>) -> tensor<1x3x7xf32>
  return %y : tensor<1x3x7xf32>
}

func.func @max_pool2d_3x3_stride2_pad1(%x: tensor<1x4x9x9xf32>) -> (tensor<1x4x5x5xf32>) {
  %y = loom.max_pool %x kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<1x4x9x9xf32>) -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

func.func @max_pool2d_2x2(%x: tensor<2x3x8x8xf32>) -> (tensor<2x3x4x4xf32>) {
  %y = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

func.func @max_pool1d_dilation2(%x: tensor<1x2x10xf32>) -> (tensor<1x2x3xf32>) {
  %y = loom.max_pool %x kernel [3] strides [2] dilations [2] pad_low [0] pad_high [0] : (tensor<1x2x10xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

func.func @max_pool3d(%x: tensor<1x2x4x4x4xf32>) -> (tensor<1x2x2x2x2xf32>) {
  %y = loom.max_pool %x kernel [2, 2, 2] strides [2, 2, 2] dilations [1, 1, 1] pad_low [0, 0, 0] pad_high [0, 0, 0] : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

func.func @max_pool2d_i32(%x: tensor<1x2x6x6xi32>) -> (tensor<1x2x3x3xi32>) {
  %y = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x2x6x6xi32>) -> tensor<1x2x3x3xi32>
  return %y : tensor<1x2x3x3xi32>
}

func.func @avg_pool2d_pad_exclude(%x: tensor<1x4x7x7xf32>) -> (tensor<1x4x4x4xf32>) {
  %y = loom.avg_pool %x kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

func.func @avg_pool2d_pad_include(%x: tensor<1x4x7x7xf32>) -> (tensor<1x4x4x4xf32>) {
  %y = loom.avg_pool %x kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] count_include_pad : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

func.func @avg_pool1d(%x: tensor<2x3x9xf32>) -> (tensor<2x3x4xf32>) {
  %y = loom.avg_pool %x kernel [3] strides [2] pad_low [0] pad_high [0] : (tensor<2x3x9xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

func.func @avg_pool3d_pad(%x: tensor<1x2x5x5x5xf32>) -> (tensor<1x2x3x3x3xf32>) {
  %y = loom.avg_pool %x kernel [2, 2, 2] strides [2, 2, 2] pad_low [1, 1, 1] pad_high [0, 0, 0] : (tensor<1x2x5x5x5xf32>) -> tensor<1x2x3x3x3xf32>
  return %y : tensor<1x2x3x3x3xf32>
}

func.func @avg_pool2d_f16(%x: tensor<1x3x6x6xf16>) -> (tensor<1x3x3x3xf16>) {
  %y = loom.avg_pool %x kernel [2, 2] strides [2, 2] pad_low [0, 0] pad_high [0, 0] : (tensor<1x3x6x6xf16>) -> tensor<1x3x3x3xf16>
  return %y : tensor<1x3x3x3xf16>
}

func.func @global_avg_pool(%x: tensor<1x16x7x7xf32>) -> (tensor<1x16x1x1xf32>) {
  %y = loom.avg_pool %x kernel [7, 7] strides [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x16x7x7xf32>) -> tensor<1x16x1x1xf32>
  return %y : tensor<1x16x1x1xf32>
}

func.func @softmax_last_axis(%x: tensor<4x33xf32>) -> (tensor<4x33xf32>) {
  %y = loom.softmax %x axis 1 : tensor<4x33xf32>
  return %y : tensor<4x33xf32>
}

func.func @softmax_first_axis(%x: tensor<5x3x4xf32>) -> (tensor<5x3x4xf32>) {
  %y = loom.softmax %x axis 0 : tensor<5x3x4xf32>
  return %y : tensor<5x3x4xf32>
}

func.func @softmax_middle_axis(%x: tensor<2x7x3xf32>) -> (tensor<2x7x3xf32>) {
  %y = loom.softmax %x axis 1 : tensor<2x7x3xf32>
  return %y : tensor<2x7x3xf32>
}

func.func @softmax_f16(%x: tensor<3x17xf16>) -> (tensor<3x17xf16>) {
  %y = loom.softmax %x axis 1 : tensor<3x17xf16>
  return %y : tensor<3x17xf16>
}

func.func @softmax_bf16(%x: tensor<3x17xbf16>) -> (tensor<3x17xbf16>) {
  %y = loom.softmax %x axis 1 : tensor<3x17xbf16>
  return %y : tensor<3x17xbf16>
}

func.func @log_softmax_last_axis(%x: tensor<4x33xf32>) -> (tensor<4x33xf32>) {
  %y = loom.log_softmax %x axis 1 : tensor<4x33xf32>
  return %y : tensor<4x33xf32>
}

func.func @log_softmax_first_axis(%x: tensor<6x5xf32>) -> (tensor<6x5xf32>) {
  %y = loom.log_softmax %x axis 0 : tensor<6x5xf32>
  return %y : tensor<6x5xf32>
}

func.func @log_softmax_f16(%x: tensor<3x9xf16>) -> (tensor<3x9xf16>) {
  %y = loom.log_softmax %x axis 1 : tensor<3x9xf16>
  return %y : tensor<3x9xf16>
}

func.func @layer_norm_last_axis(%x: tensor<2x5x32xf32>, %s: tensor<32xf32>, %b: tensor<32xf32>) -> (tensor<2x5x32xf32>) {
  %y = loom.layer_norm %x, %s, %b axis 2 : (tensor<2x5x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x5x32xf32>
  return %y : tensor<2x5x32xf32>
}

func.func @layer_norm_two_axes(%x: tensor<2x3x8xf32>, %s: tensor<3x8xf32>, %b: tensor<8xf32>) -> (tensor<2x3x8xf32>) {
  %y = loom.layer_norm %x, %s, %b axis 1 : (tensor<2x3x8xf32>, tensor<3x8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
  return %y : tensor<2x3x8xf32>
}

func.func @layer_norm_axis0_epsilon(%x: tensor<3x4xf32>, %s: tensor<4xf32>, %b: tensor<1xf32>) -> (tensor<3x4xf32>) {
  %y = loom.layer_norm %x, %s, %b axis 0 epsilon 0.01 : (tensor<3x4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

func.func @layer_norm_f16(%x: tensor<4x16xf16>, %s: tensor<16xf16>, %b: tensor<16xf16>) -> (tensor<4x16xf16>) {
  %y = loom.layer_norm %x, %s, %b axis 1 : (tensor<4x16xf16>, tensor<16xf16>, tensor<16xf16>) -> tensor<4x16xf16>
  return %y : tensor<4x16xf16>
}

func.func @argmax_last_axis(%x: tensor<4x10xf32>) -> (tensor<4xi64>) {
  %y = loom.argmax %x axis 1 : (tensor<4x10xf32>) -> tensor<4xi64>
  return %y : tensor<4xi64>
}

func.func @argmax_keepdims(%x: tensor<3x5x4xf32>) -> (tensor<3x1x4xi64>) {
  %y = loom.argmax %x axis 1 keepdims : (tensor<3x5x4xf32>) -> tensor<3x1x4xi64>
  return %y : tensor<3x1x4xi64>
}

func.func @argmax_select_last_index(%x: tensor<6x4xf32>) -> (tensor<4xi64>) {
  %y = loom.argmax %x axis 0 select_last_index : (tensor<6x4xf32>) -> tensor<4xi64>
  return %y : tensor<4xi64>
}

func.func @argmax_i32(%x: tensor<5x6xi32>) -> (tensor<5xi64>) {
  %y = loom.argmax %x axis 1 : (tensor<5x6xi32>) -> tensor<5xi64>
  return %y : tensor<5xi64>
}

func.func @argmin_last_axis(%x: tensor<4x10xf32>) -> (tensor<4xi64>) {
  %y = loom.argmin %x axis 1 : (tensor<4x10xf32>) -> tensor<4xi64>
  return %y : tensor<4xi64>
}

func.func @argmin_keepdims_select_last_index(%x: tensor<4x3xf32>) -> (tensor<1x3xi64>) {
  %y = loom.argmin %x axis 0 keepdims select_last_index : (tensor<4x3xf32>) -> tensor<1x3xi64>
  return %y : tensor<1x3xi64>
}

func.func @argmin_i32(%x: tensor<5x6xi32>) -> (tensor<6xi64>) {
  %y = loom.argmin %x axis 0 : (tensor<5x6xi32>) -> tensor<6xi64>
  return %y : tensor<6xi64>
}

func.func @cumsum_forward(%x: tensor<3x8xf32>) -> (tensor<3x8xf32>) {
  %y = loom.cumsum %x axis 1 : tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

func.func @cumsum_exclusive(%x: tensor<3x8xf32>) -> (tensor<3x8xf32>) {
  %y = loom.cumsum %x axis 1 exclusive : tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

func.func @cumsum_reverse(%x: tensor<5x4xf32>) -> (tensor<5x4xf32>) {
  %y = loom.cumsum %x axis 0 reverse : tensor<5x4xf32>
  return %y : tensor<5x4xf32>
}

func.func @cumsum_exclusive_reverse(%x: tensor<2x3x6xf32>) -> (tensor<2x3x6xf32>) {
  %y = loom.cumsum %x axis 2 exclusive reverse : tensor<2x3x6xf32>
  return %y : tensor<2x3x6xf32>
}

func.func @cumsum_i32(%x: tensor<4x6xi32>) -> (tensor<4x6xi32>) {
  %y = loom.cumsum %x axis 1 : tensor<4x6xi32>
  return %y : tensor<4x6xi32>
}

func.func @cumsum_f16(%x: tensor<2x16xf16>) -> (tensor<2x16xf16>) {
  %y = loom.cumsum %x axis 1 : tensor<2x16xf16>
  return %y : tensor<2x16xf16>
}

func.func @topk_largest(%x: tensor<3x10xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>) {
  %v, %i = loom.topk %x axis 1 k 4 : (tensor<3x10xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  return %v, %i : tensor<3x4xf32>, tensor<3x4xi64>
}

func.func @topk_smallest(%x: tensor<3x10xf32>) -> (tensor<3x3xf32>, tensor<3x3xi64>) {
  %v, %i = loom.topk %x axis 1 k 3 largest = false : (tensor<3x10xf32>) -> (tensor<3x3xf32>, tensor<3x3xi64>)
  return %v, %i : tensor<3x3xf32>, tensor<3x3xi64>
}

func.func @topk_axis0_unsorted(%x: tensor<8x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xi64>) {
  %v, %i = loom.topk %x axis 0 k 2 sorted = false : (tensor<8x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xi64>)
  return %v, %i : tensor<2x5xf32>, tensor<2x5xi64>
}

func.func @topk_all(%x: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xi64>) {
  %v, %i = loom.topk %x axis 1 k 6 : (tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xi64>)
  return %v, %i : tensor<2x6xf32>, tensor<2x6xi64>
}

func.func @topk_i32(%x: tensor<4x7xi32>) -> (tensor<4x3xi32>, tensor<4x3xi64>) {
  %v, %i = loom.topk %x axis 1 k 3 : (tensor<4x7xi32>) -> (tensor<4x3xi32>, tensor<4x3xi64>)
  return %v, %i : tensor<4x3xi32>, tensor<4x3xi64>
}

func.func @matmul_2d(%a: tensor<7x13xf32>, %b: tensor<13x5xf32>) -> (tensor<7x5xf32>) {
  %y = loom.matmul %a, %b : (tensor<7x13xf32>, tensor<13x5xf32>) -> tensor<7x5xf32>
  return %y : tensor<7x5xf32>
}

func.func @matmul_batched_lhs(%a: tensor<2x3x4x8xf32>, %b: tensor<8x5xf32>) -> (tensor<2x3x4x5xf32>) {
  %y = loom.matmul %a, %b : (tensor<2x3x4x8xf32>, tensor<8x5xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}

func.func @matmul_rhs_batch_of_one(%a: tensor<3x4x8xf32>, %b: tensor<1x8x5xf32>) -> (tensor<3x4x5xf32>) {
  %y = loom.matmul %a, %b : (tensor<3x4x8xf32>, tensor<1x8x5xf32>) -> tensor<3x4x5xf32>
  return %y : tensor<3x4x5xf32>
}

func.func @batch_matmul(%a: tensor<3x4x8xf32>, %b: tensor<3x8x5xf32>) -> (tensor<3x4x5xf32>) {
  %y = loom.matmul %a, %b : (tensor<3x4x8xf32>, tensor<3x8x5xf32>) -> tensor<3x4x5xf32>
  return %y : tensor<3x4x5xf32>
}

func.func @batch_matmul_rank4(%a: tensor<2x2x4x8xf32>, %b: tensor<2x2x8x6xf32>) -> (tensor<2x2x4x6xf32>) {
  %y = loom.matmul %a, %b : (tensor<2x2x4x8xf32>, tensor<2x2x8x6xf32>) -> tensor<2x2x4x6xf32>
  return %y : tensor<2x2x4x6xf32>
}

func.func @matmul_broadcast_batch(%a: tensor<1x4x8xf32>, %b: tensor<3x8x5xf32>) -> (tensor<3x4x5xf32>) {
  %y = loom.matmul %a, %b : (tensor<1x4x8xf32>, tensor<3x8x5xf32>) -> tensor<3x4x5xf32>
  return %y : tensor<3x4x5xf32>
}

func.func @matmul_matrix_times_batch(%a: tensor<4x8xf32>, %b: tensor<2x8x5xf32>) -> (tensor<2x4x5xf32>) {
  %y = loom.matmul %a, %b : (tensor<4x8xf32>, tensor<2x8x5xf32>) -> tensor<2x4x5xf32>
  return %y : tensor<2x4x5xf32>
}

func.func @matmul_f16(%a: tensor<5x16xf16>, %b: tensor<16x7xf16>) -> (tensor<5x7xf16>) {
  %y = loom.matmul %a, %b : (tensor<5x16xf16>, tensor<16x7xf16>) -> tensor<5x7xf16>
  return %y : tensor<5x7xf16>
}

func.func @matmul_bf16(%a: tensor<5x16xbf16>, %b: tensor<16x7xbf16>) -> (tensor<5x7xbf16>) {
  %y = loom.matmul %a, %b : (tensor<5x16xbf16>, tensor<16x7xbf16>) -> tensor<5x7xbf16>
  return %y : tensor<5x7xbf16>
}

func.func @matmul_i32(%a: tensor<4x6xi32>, %b: tensor<6x3xi32>) -> (tensor<4x3xi32>) {
  %y = loom.matmul %a, %b : (tensor<4x6xi32>, tensor<6x3xi32>) -> tensor<4x3xi32>
  return %y : tensor<4x3xi32>
}

func.func @reduce_sum_f16(%x: tensor<4x33xf16>) -> (tensor<4xf16>) {
  %y = loom.reduce_sum %x axes [1] : (tensor<4x33xf16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

func.func @reduce_mean_f16_keepdims(%x: tensor<4x6x5xf16>) -> (tensor<1x6x1xf16>) {
  %y = loom.reduce_mean %x axes [0, 2] keepdims : (tensor<4x6x5xf16>) -> tensor<1x6x1xf16>
  return %y : tensor<1x6x1xf16>
}

func.func @reduce_max_f16(%x: tensor<4x9xf16>) -> (tensor<9xf16>) {
  %y = loom.reduce_max %x axes [0] : (tensor<4x9xf16>) -> tensor<9xf16>
  return %y : tensor<9xf16>
}

func.func @reduce_min_f16(%x: tensor<4x9xf16>) -> (tensor<4xf16>) {
  %y = loom.reduce_min %x axes [1] : (tensor<4x9xf16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

func.func @reduce_prod_f16(%x: tensor<3x4xf16>) -> (tensor<3xf16>) {
  %y = loom.reduce_prod %x axes [1] : (tensor<3x4xf16>) -> tensor<3xf16>
  return %y : tensor<3xf16>
}

func.func @reduce_sum_bf16(%x: tensor<4x33xbf16>) -> (tensor<4xbf16>) {
  %y = loom.reduce_sum %x axes [1] : (tensor<4x33xbf16>) -> tensor<4xbf16>
  return %y : tensor<4xbf16>
}

func.func @reduce_mean_bf16_keepdims(%x: tensor<4x6x5xbf16>) -> (tensor<1x6x1xbf16>) {
  %y = loom.reduce_mean %x axes [0, 2] keepdims : (tensor<4x6x5xbf16>) -> tensor<1x6x1xbf16>
  return %y : tensor<1x6x1xbf16>
}

func.func @reduce_max_bf16(%x: tensor<4x9xbf16>) -> (tensor<9xbf16>) {
  %y = loom.reduce_max %x axes [0] : (tensor<4x9xbf16>) -> tensor<9xbf16>
  return %y : tensor<9xbf16>
}

func.func @reduce_min_bf16(%x: tensor<4x9xbf16>) -> (tensor<4xbf16>) {
  %y = loom.reduce_min %x axes [1] : (tensor<4x9xbf16>) -> tensor<4xbf16>
  return %y : tensor<4xbf16>
}

func.func @reduce_prod_bf16(%x: tensor<3x4xbf16>) -> (tensor<3xbf16>) {
  %y = loom.reduce_prod %x axes [1] : (tensor<3x4xbf16>) -> tensor<3xbf16>
  return %y : tensor<3xbf16>
}
