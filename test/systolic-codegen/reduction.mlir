// Softmax, layer norm, reductions, max_pool and avg_pool on the systolic target's
// vector unit (codegen/Reduction.cpp), bit for bit the reference
// evaluator's order: GPT's attention softmax and layer norms (splat scale
// and bias), ResNet's global average pool and stem max_pool, 3-D pools
// (the window in (kd, kh, kw) order), rows longer
// than the lanes, elementwise ops in front of a reduction and chains after,
// reductions over leading or middle axes (one vector op per reduced
// position), reduce_prod (always one vector op per reduced position), and
// reductions over axes that are not adjacent (loom-adjacent-reduction-axes
// transposes them last).
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --seed=3 | FileCheck %s
// CHECK-COUNT-34: : ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// Mean-variance normalization's NCHW mean over [0, 2, 3], keepdims, of a
// squared difference.
func.func @mean_not_adjacent(%x: tensor<3x5x7x9xf32>, %m: tensor<1x5x1x1xf32>) -> tensor<1x5x1x1xf32> {
  %0 = loom.sub %x, %m : (tensor<3x5x7x9xf32>, tensor<1x5x1x1xf32>) -> tensor<3x5x7x9xf32>
  %1 = loom.mul %0, %0 : (tensor<3x5x7x9xf32>, tensor<3x5x7x9xf32>) -> tensor<3x5x7x9xf32>
  %2 = loom.reduce_mean %1 axes [0, 2, 3] keepdims : (tensor<3x5x7x9xf32>) -> tensor<1x5x1x1xf32>
  return %2 : tensor<1x5x1x1xf32>
}

// A max over [0, 2] without keepdims.
func.func @max_not_adjacent(%x: tensor<4x6x130xf32>) -> tensor<6xf32> {
  %0 = loom.reduce_max %x axes [0, 2] : (tensor<4x6x130xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// GPT's attention softmax: 1024 rows of 128.
func.func @attention_softmax(%x: tensor<1x8x128x128xf32> {loom.random = [-8.0, 8.0]}) -> tensor<1x8x128x128xf32> {
  %0 = loom.softmax %x axis 3 : tensor<1x8x128x128xf32>
  return %0 : tensor<1x8x128x128xf32>
}

// Rows of 300 (two chunks and a tail of 44 lanes), 13 rows (a group of 5).
func.func @log_softmax(%x: tensor<13x300xf32> {loom.random = [-20.0, 20.0]}) -> tensor<13x300xf32> {
  %0 = loom.log_softmax %x axis 1 : tensor<13x300xf32>
  return %0 : tensor<13x300xf32>
}

// GPT's layer norm: scale 1 and bias 0 as splat constants of the kernel.
func.func @gpt_layer_norm(%x: tensor<1x128x384xf32>) -> tensor<1x128x384xf32> {
  %g = loom.constant dense<1.000000e+00> : tensor<384xf32>
  %b = loom.constant dense<0.000000e+00> : tensor<384xf32>
  %0 = loom.layer_norm %x, %g, %b axis 2 : (tensor<1x128x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<1x128x384xf32>
  return %0 : tensor<1x128x384xf32>
}

// Scale and bias arguments over two normalized dimensions, a scalar bias.
func.func @layer_norm_2d(%x: tensor<3x5x7x30xf32>, %g: tensor<7x30xf32>, %b: tensor<1xf32>) -> tensor<3x5x7x30xf32> {
  %0 = loom.layer_norm %x, %g, %b axis 2 epsilon 1.0e-03 : (tensor<3x5x7x30xf32>, tensor<7x30xf32>, tensor<1xf32>) -> tensor<3x5x7x30xf32>
  return %0 : tensor<3x5x7x30xf32>
}

// ResNet-18's global average pool: 512 planes of 7 x 7.
func.func @global_average_pool(%x: tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32> {
  %0 = loom.reduce_mean %x axes [2, 3] keepdims : (tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32>
  return %0 : tensor<1x512x1x1xf32>
}

func.func @reduce_sum(%x: tensor<6x2x150xf32>) -> tensor<6xf32> {
  %0 = loom.reduce_sum %x axes [1, 2] : (tensor<6x2x150xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

func.func @reduce_max(%x: tensor<9x37xf32>) -> tensor<9x1xf32> {
  %0 = loom.reduce_max %x axes [1] keepdims : (tensor<9x37xf32>) -> tensor<9x1xf32>
  return %0 : tensor<9x1xf32>
}

func.func @reduce_min(%x: tensor<9x130xf32>) -> tensor<9xf32> {
  %0 = loom.reduce_min %x axes [1] : (tensor<9x130xf32>) -> tensor<9xf32>
  return %0 : tensor<9xf32>
}

// Elementwise ops in front (x * x) and after (+ eps, rsqrt) the mean.
func.func @mean_square(%x: tensor<4x48xf32>, %s: tensor<4x1xf32>) -> tensor<4x1xf32> {
  %eps = loom.constant dense<1.0e-05> : tensor<f32>
  %0 = loom.mul %x, %x : (tensor<4x48xf32>, tensor<4x48xf32>) -> tensor<4x48xf32>
  %1 = loom.reduce_mean %0 axes [1] keepdims : (tensor<4x48xf32>) -> tensor<4x1xf32>
  %2 = loom.add %1, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %3 = loom.rsqrt %2 : tensor<4x1xf32>
  %4 = loom.mul %3, %s : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
  return %4 : tensor<4x1xf32>
}

// A softmax followed by a scale per row.
func.func @softmax_scaled(%x: tensor<10x40xf32>, %s: tensor<10x1xf32>) -> tensor<10x40xf32> {
  %0 = loom.softmax %x axis 1 : tensor<10x40xf32>
  %1 = loom.mul %0, %s : (tensor<10x40xf32>, tensor<10x1xf32>) -> tensor<10x40xf32>
  return %1 : tensor<10x40xf32>
}

// ResNet's stem max_pool (3x3, stride 2, pad 1) on fewer channels.
func.func @stem_max_pool(%x: tensor<1x4x112x112xf32>) -> tensor<1x4x56x56xf32> {
  %0 = loom.max_pool %x kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<1x4x112x112xf32>) -> tensor<1x4x56x56xf32>
  return %0 : tensor<1x4x56x56xf32>
}

// Rows wider than the lanes, two batches, a chain after the pool.
func.func @max_pool_relu(%x: tensor<2x3x9x140xf32>, %b: tensor<3x1x1xf32>) -> tensor<2x3x8x139xf32> {
  %0 = loom.max_pool %x kernel [2, 2] strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<2x3x9x140xf32>) -> tensor<2x3x8x139xf32>
  %1 = loom.add %0, %b : (tensor<2x3x8x139xf32>, tensor<3x1x1xf32>) -> tensor<2x3x8x139xf32>
  %2 = loom.relu %1 : tensor<2x3x8x139xf32>
  return %2 : tensor<2x3x8x139xf32>
}

// Dilation, uneven strides and padding.
func.func @max_pool_dilated(%x: tensor<1x2x11x13xf32>) -> tensor<1x2x5x4xf32> {
  %0 = loom.max_pool %x kernel [2, 3] strides [2, 3] dilations [2, 1] pad_low [0, 1] pad_high [1, 0] : (tensor<1x2x11x13xf32>) -> tensor<1x2x5x4xf32>
  return %0 : tensor<1x2x5x4xf32>
}

// Reductions over leading and middle axes: a tile of rows by inner
// elements, folded one reduced position after the other.
func.func @sum_leading(%x: tensor<4x6xf32>) -> tensor<6xf32> {
  %0 = loom.reduce_sum %x axes [0] : (tensor<4x6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

func.func @mean_middle(%x: tensor<3x5x7x200xf32>, %b: tensor<200xf32>) -> tensor<3x1x1x200xf32> {
  %0 = loom.reduce_mean %x axes [1, 2] keepdims : (tensor<3x5x7x200xf32>) -> tensor<3x1x1x200xf32>
  %1 = loom.add %0, %b : (tensor<3x1x1x200xf32>, tensor<200xf32>) -> tensor<3x1x1x200xf32>
  return %1 : tensor<3x1x1x200xf32>
}

func.func @max_middle(%x: tensor<10x5x30xf32>) -> tensor<10x30xf32> {
  %0 = loom.reduce_max %x axes [1] : (tensor<10x5x30xf32>) -> tensor<10x30xf32>
  return %0 : tensor<10x30xf32>
}

func.func @min_leading(%x: tensor<9x300xf32>) -> tensor<1x300xf32> {
  %0 = loom.reduce_min %x axes [0] keepdims : (tensor<9x300xf32>) -> tensor<1x300xf32>
  return %0 : tensor<1x300xf32>
}

func.func @softmax_middle(%x: tensor<4x6x5xf32> {loom.random = [-10.0, 10.0]}) -> tensor<4x6x5xf32> {
  %0 = loom.softmax %x axis 1 : tensor<4x6x5xf32>
  return %0 : tensor<4x6x5xf32>
}

func.func @log_softmax_leading(%x: tensor<7x11x13xf32> {loom.random = [-10.0, 10.0]}, %s: tensor<11x1xf32>) -> tensor<7x11x13xf32> {
  %0 = loom.log_softmax %x axis 0 : tensor<7x11x13xf32>
  %1 = loom.mul %0, %s : (tensor<7x11x13xf32>, tensor<11x1xf32>) -> tensor<7x11x13xf32>
  return %1 : tensor<7x11x13xf32>
}

// Streamed by rows in double-buffered chunks: a softmax of 4100 rows, a
// layer norm with resident scale and bias, a middle-axis max.
func.func @streamed_softmax(%x: tensor<4100x300xf32> {loom.random = [-8.0, 8.0]}) -> tensor<4100x300xf32> {
  %0 = loom.softmax %x axis 1 : tensor<4100x300xf32>
  return %0 : tensor<4100x300xf32>
}

func.func @streamed_layer_norm(%x: tensor<3001x384xf32>, %g: tensor<384xf32>, %b: tensor<384xf32>) -> tensor<3001x384xf32> {
  %0 = loom.layer_norm %x, %g, %b axis 1 : (tensor<3001x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<3001x384xf32>
  return %0 : tensor<3001x384xf32>
}

func.func @streamed_max_middle(%x: tensor<300x5x5000xf32>) -> tensor<300x5000xf32> {
  %0 = loom.reduce_max %x axes [1] : (tensor<300x5x5000xf32>) -> tensor<300x5000xf32>
  return %0 : tensor<300x5000xf32>
}

// reduce_prod over a middle axis, keeping it (8 rows by 5 inner elements).
func.func @reduce_prod_middle(%x: tensor<8x7x5xf32> {loom.random = [0.5, 1.5]}) -> tensor<8x1x5xf32> {
  %0 = loom.reduce_prod %x axes [1] keepdims : (tensor<8x7x5xf32>) -> tensor<8x1x5xf32>
  return %0 : tensor<8x1x5xf32>
}

// reduce_prod over trailing axes: 11 rows of 2 x 33 in a tile of one lane.
func.func @reduce_prod_trailing(%x: tensor<11x2x33xf32> {loom.random = [0.8, 1.25]}) -> tensor<11xf32> {
  %0 = loom.reduce_prod %x axes [1, 2] : (tensor<11x2x33xf32>) -> tensor<11xf32>
  return %0 : tensor<11xf32>
}

// reduce_prod of every element of a 3-D tensor, after an elementwise op.
func.func @reduce_prod_all(%x: tensor<3x4x6xf32> {loom.random = [-1.1, 1.1]}) -> tensor<1x1x1xf32> {
  %a = loom.abs %x : tensor<3x4x6xf32>
  %0 = loom.reduce_prod %a axes [0, 1, 2] keepdims : (tensor<3x4x6xf32>) -> tensor<1x1x1xf32>
  return %0 : tensor<1x1x1xf32>
}

// avg_pool with pads, the padding not counted (a plane of window counts),
// then a per-channel bias.
func.func @avg_pool_pads(%x: tensor<1x3x10x17xf32>, %b: tensor<3x1x1xf32>) -> tensor<1x3x5x9xf32> {
  %0 = loom.avg_pool %x kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] : (tensor<1x3x10x17xf32>) -> tensor<1x3x5x9xf32>
  %1 = loom.add %0, %b : (tensor<1x3x5x9xf32>, tensor<3x1x1xf32>) -> tensor<1x3x5x9xf32>
  return %1 : tensor<1x3x5x9xf32>
}

// avg_pool counting the padding (an overhanging last window, as ceil_mode).
func.func @avg_pool_include_pad(%x: tensor<2x2x7x7xf32>) -> tensor<2x2x4x4xf32> {
  %0 = loom.avg_pool %x kernel [2, 2] strides [2, 2] pad_low [0, 0] pad_high [1, 1] count_include_pad : (tensor<2x2x7x7xf32>) -> tensor<2x2x4x4xf32>
  return %0 : tensor<2x2x4x4xf32>
}

// A 1-D avg_pool (planes of one row) with pads and a per-channel bias.
func.func @avg_pool_1d(%x: tensor<2x3x40xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x14xf32> {
  %0 = loom.avg_pool %x kernel [4] strides [3] pad_low [2] pad_high [1] : (tensor<2x3x40xf32>) -> tensor<2x3x14xf32>
  %1 = loom.add %0, %b : (tensor<2x3x14xf32>, tensor<3x1xf32>) -> tensor<2x3x14xf32>
  return %1 : tensor<2x3x14xf32>
}

// A 1-D max_pool with a dilation and pads.
func.func @max_pool_1d(%x: tensor<1x3x32xf32>) -> tensor<1x3x16xf32> {
  %0 = loom.max_pool %x kernel [2] strides [2] dilations [2] pad_low [1] pad_high [1] : (tensor<1x3x32xf32>) -> tensor<1x3x16xf32>
  return %0 : tensor<1x3x16xf32>
}

// A 3-D avg_pool with pads, the padding not counted (a volume of window
// counts), then a per-channel bias.
func.func @avg_pool_3d_pads(%x: tensor<2x3x5x6x7xf32>, %b: tensor<3x1x1x1xf32>) -> tensor<2x3x3x3x4xf32> {
  %0 = loom.avg_pool %x kernel [2, 3, 2] strides [2, 2, 2] pad_low [1, 1, 1] pad_high [0, 1, 0] : (tensor<2x3x5x6x7xf32>) -> tensor<2x3x3x3x4xf32>
  %1 = loom.add %0, %b : (tensor<2x3x3x3x4xf32>, tensor<3x1x1x1xf32>) -> tensor<2x3x3x3x4xf32>
  return %1 : tensor<2x3x3x3x4xf32>
}

// A 3-D avg_pool counting the padding, rows wider than the lanes.
func.func @avg_pool_3d_include_pad(%x: tensor<1x2x4x3x150xf32>) -> tensor<1x2x3x2x150xf32> {
  %0 = loom.avg_pool %x kernel [2, 2, 3] strides [1, 2, 1] pad_low [0, 0, 1] pad_high [0, 1, 1] count_include_pad : (tensor<1x2x4x3x150xf32>) -> tensor<1x2x3x2x150xf32>
  return %0 : tensor<1x2x3x2x150xf32>
}

// A 3-D max_pool with dilations and pads.
func.func @max_pool_3d_dilated(%x: tensor<2x3x7x9x10xf32>) -> tensor<2x3x3x5x5xf32> {
  %0 = loom.max_pool %x kernel [2, 2, 2] strides [2, 2, 2] dilations [2, 1, 2] pad_low [1, 0, 1] pad_high [0, 1, 1] : (tensor<2x3x7x9x10xf32>) -> tensor<2x3x3x5x5xf32>
  return %0 : tensor<2x3x3x5x5xf32>
}
