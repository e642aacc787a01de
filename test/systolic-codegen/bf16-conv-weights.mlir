// loom-systolic-bf16-conv-weights: the f32 constant filter of a conv kernel
// (packed tap-major by loom-systolic-pack-conv-weights, or 1x1) becomes a
// bf16 constant, rounded to nearest even; the kernel takes the bf16
// argument and widens it with a loom.cast. Filters whose bf16 rows of
// C/groups channels break the 4-byte DMA alignment, and depthwise filters
// (read by the vector unit), stay f32. The compiled kernels stay bit-exact
// to the evaluator's bf16-matmul mode (the MXUs round the filter anyway).
// RUN: split-file %s %t
// RUN: loomc %t/packed.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=PACKED
// RUN: loomc %t/onebyone.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=ONE
// RUN: loomc %t/odd.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=ODD
// RUN: loomc %t/depthwise.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=DW
// RUN: loom-differential %t/exact.mlir --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

//--- packed.mlir
// [O, C, KH, KW] = [2, 2, 2, 2] packed as [KH, KW, O, C], then rounded:
// 1 + 2^-8 is halfway between 1 and 1 + 2^-7 (to the even 1); 1 + 3 * 2^-8
// is halfway between 1 + 2^-7 and 1 + 2^-6 (to the even 1.015625); large
// and subnormal values keep their bf16 neighbours.
// PACKED-LABEL: func.func @main
// PACKED:       %[[W:.*]] = loom.constant dense<{{\[\[\[\[}}1.000000e+00, 1.000980e-01], [5.000000e-01, -1.000000e+00]], {{\[\[}}1.000000e+00, 2.000000e+00], [2.500000e-01, -2.000000e+00]]], {{\[\[\[}}1.015630e+00, 3.000000e+00], [1.250000e-01, 8.000000e+00]], {{\[\[}}-3.004060e+38, 9.183550e-41], [4.000000e+00, 1.600000e+01]]]]> : tensor<2x2x2x2xbf16>
// PACKED-NEXT:  call @main_kernel_0(%arg0, %[[W]]) : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xbf16>)
// PACKED:       func.func private @main_kernel_0(%[[X:.*]]: tensor<1x2x4x4xf32>, %[[B:.*]]: tensor<2x2x2x2xbf16>)
// PACKED-NEXT:  %[[F:.*]] = loom.cast %[[B]] : tensor<2x2x2x2xbf16> to tensor<2x2x2x2xf32>
// PACKED-NEXT:  %[[T:.*]] = loom.transpose %[[F]] permutation [2, 3, 0, 1]
// PACKED-NEXT:  loom.conv %[[X]], %[[T]]
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %w = loom.constant dense<[[[[1.0, 1.00390625], [1.01171875, -3.0e38]], [[0.1, 2.0], [3.0, 1.0e-40]]], [[[0.5, 0.25], [0.125, 4.0]], [[-1.0, -2.0], [8.0, 16.0]]]]> : tensor<2x2x2x2xf32>
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

//--- onebyone.mlir
// A 1x1 filter is not packed (its two layouts are the same bytes): the
// cast feeds the conv directly.
// ONE:      func.func private @main_kernel_0(%[[X:.*]]: tensor<1x4x3x3xf32>, %[[B:.*]]: tensor<2x4x1x1xbf16>
// ONE-NEXT: %[[F:.*]] = loom.cast %[[B]] : tensor<2x4x1x1xbf16> to tensor<2x4x1x1xf32>
// ONE-NEXT: loom.conv %[[X]], %[[F]]
func.func @main(%x: tensor<1x4x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = loom.constant dense<[[[[0.1]], [[0.2]], [[0.3]], [[0.4]]], [[[0.5]], [[0.6]], [[0.7]], [[0.8]]]]> : tensor<2x4x1x1xf32>
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x4x3x3xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

//--- odd.mlir
// Three input channels: bf16 rows of 6 bytes would break the 4-byte DMA
// alignment, so the filter stays f32.
// ODD-NOT: bf16
// ODD-NOT: loom.cast
// ODD:     loom.constant {{.*}} : tensor<2x3x1x1xf32>
func.func @main(%x: tensor<1x3x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = loom.constant dense<[[[[0.1]], [[0.2]], [[0.3]]], [[[0.5]], [[0.6]], [[0.7]]]]> : tensor<2x3x1x1xf32>
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x3x3x3xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

//--- depthwise.mlir
// Depthwise: the vector unit reads the [C, 1, KH, KW] filter per channel.
// DW-NOT: bf16
// DW-NOT: loom.cast
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %w = loom.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[5.0, 6.0], [7.0, 8.0]]]]> : tensor<2x1x2x2xf32>
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 2 : (tensor<1x2x4x4xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

//--- exact.mlir
// The bf16 filters on the chip: a 3x3 conv with 6 channels (paired taps,
// bias and relu) and a 1x1 conv with 10 channels and a residual, filter
// values between bf16 neighbours, bit for bit.
// EXACT-COUNT-2: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode
func.func @paired(%x: tensor<2x6x9x9xf32>, %b: tensor<4x1x1xf32>) -> tensor<2x4x9x9xf32> {
  %w = loom.constant dense<[[[[0.1001, -0.2003, 0.3007], [0.4001, -0.5003, 0.6007], [0.7001, -0.8003, 0.9007]], [[-0.1001, 0.2003, -0.3007], [0.4011, 0.5013, 0.6017], [-0.7011, -0.8013, 0.9017]], [[0.1101, 0.2103, 0.3107], [-0.4101, -0.5103, -0.6107], [0.7101, 0.8103, 0.9107]], [[0.0101, 0.0203, 0.0307], [0.0401, 0.0503, 0.0607], [0.0701, 0.0803, 0.0907]], [[-0.0101, -0.0203, -0.0307], [-0.0401, -0.0503, -0.0607], [-0.0701, -0.0803, -0.0907]], [[1.0039, 1.0117, -1.0039], [-1.0117, 0.3333, -0.3333], [0.6667, -0.6667, 0.1111]]], [[[0.1002, -0.2004, 0.3008], [0.4002, -0.5004, 0.6008], [0.7002, -0.8004, 0.9008]], [[-0.1002, 0.2004, -0.3008], [0.4012, 0.5014, 0.6018], [-0.7012, -0.8014, 0.9018]], [[0.1102, 0.2104, 0.3108], [-0.4102, -0.5104, -0.6108], [0.7102, 0.8104, 0.9108]], [[0.0102, 0.0204, 0.0308], [0.0402, 0.0504, 0.0608], [0.0702, 0.0804, 0.0908]], [[-0.0102, -0.0204, -0.0308], [-0.0402, -0.0504, -0.0608], [-0.0702, -0.0804, -0.0908]], [[1.0038, 1.0116, -1.0038], [-1.0116, 0.3332, -0.3332], [0.6666, -0.6666, 0.1112]]], [[[0.1003, -0.2005, 0.3009], [0.4003, -0.5005, 0.6009], [0.7003, -0.8005, 0.9009]], [[-0.1003, 0.2005, -0.3009], [0.4013, 0.5015, 0.6019], [-0.7013, -0.8015, 0.9019]], [[0.1103, 0.2105, 0.3109], [-0.4103, -0.5105, -0.6109], [0.7103, 0.8105, 0.9109]], [[0.0103, 0.0205, 0.0309], [0.0403, 0.0505, 0.0609], [0.0703, 0.0805, 0.0909]], [[-0.0103, -0.0205, -0.0309], [-0.0403, -0.0505, -0.0609], [-0.0703, -0.0805, -0.0909]], [[1.0037, 1.0115, -1.0037], [-1.0115, 0.3331, -0.3331], [0.6665, -0.6665, 0.1113]]], [[[0.1004, -0.2006, 0.3010], [0.4004, -0.5006, 0.6010], [0.7004, -0.8006, 0.9010]], [[-0.1004, 0.2006, -0.3010], [0.4014, 0.5016, 0.6020], [-0.7014, -0.8016, 0.9020]], [[0.1104, 0.2106, 0.3110], [-0.4104, -0.5106, -0.6110], [0.7104, 0.8106, 0.9110]], [[0.0104, 0.0206, 0.0310], [0.0404, 0.0506, 0.0610], [0.0704, 0.0806, 0.0910]], [[-0.0104, -0.0206, -0.0310], [-0.0404, -0.0506, -0.0610], [-0.0704, -0.0806, -0.0910]], [[1.0036, 1.0114, -1.0036], [-1.0114, 0.3330, -0.3330], [0.6664, -0.6664, 0.1114]]]]> : tensor<4x6x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x6x9x9xf32>, tensor<4x6x3x3xf32>) -> tensor<2x4x9x9xf32>
  %yb = loom.add %y, %b : (tensor<2x4x9x9xf32>, tensor<4x1x1xf32>) -> tensor<2x4x9x9xf32>
  %yr = loom.relu %yb : tensor<2x4x9x9xf32>
  return %yr : tensor<2x4x9x9xf32>
}

func.func @residual(%x: tensor<2x10x5x5xf32>, %r: tensor<2x2x5x5xf32>) -> tensor<2x2x5x5xf32> {
  %w = loom.constant dense<[[[[1.0039]], [[1.0117]], [[-0.3333]], [[0.6667]], [[0.1111]], [[-0.2222]], [[0.3337]], [[-0.4441]], [[0.5553]], [[-0.6661]]], [[[0.7771]], [[-0.8883]], [[0.9991]], [[-1.0039]], [[-1.0117]], [[0.1234]], [[-0.2345]], [[0.3456]], [[-0.4567]], [[0.5678]]]]> : tensor<2x10x1x1xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<2x10x5x5xf32>, tensor<2x10x1x1xf32>) -> tensor<2x2x5x5xf32>
  %ya = loom.add %y, %r : (tensor<2x2x5x5xf32>, tensor<2x2x5x5xf32>) -> tensor<2x2x5x5xf32>
  return %ya : tensor<2x2x5x5xf32>
}
