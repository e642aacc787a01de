// conv_transposes whose filter is a run-time input, on the systolic
// target's vector unit (codegen/ConvTranspose.cpp): the evaluator's scatter,
// each result element summing bf16(x) * bf16(w) from +0 in (c, i) order,
// so bit for bit its Bf16Matmul mode, also where the filter holds NaN,
// infinities or signed zeros (the special draws), which the MXUs' gathered
// windows could not multiply exactly. 1-D, 2-D and 3-D, strides,
// dilations, pads, output padding, groups, rows wider than the lanes and
// taller than the sublanes, and a bias after the conv_transpose.
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --distributions=all --seeds=2 | FileCheck %s
// CHECK-COUNT-6: : ok (1 output, bit-exact to the evaluator's bf16-matmul mode
//
// The kernel runs on the chip (--emit=asm fails for a host kernel): per
// input channel the window from its last element (5) to its first, each
// one pass of bf16(x) * bf16(w) added into the accumulator at the rows and
// columns it lands on (strides 2 and 3: 96 bytes = two 12-float rows, lane
// stride 3), then the accumulator inside the pads plus the bias, stored.
// RUN: sed -n '/^func.func @asm(/,/^}/p' %s | sed 's/@asm/@main/' > %t.mlir
// RUN: loomc %t.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// ASM-LABEL:  # kernel @main_kernel_0
// ASM:        s.addi [[Z:s[0-9]+]], [[ACC:s[0-9]+]], 0 # conv_transpose: +0 accumulators
// ASM-NEXT:   vst {{v[0-9]+}}, [[Z]], 512, 8, 128
// ASM:        s.addi [[WA:s[0-9]+]], [[W:s[0-9]+]], 20 # conv_transpose window element 5
// ASM-NEXT:   vlds [[WR:v[0-9]+]], [[WA]], 0, 8, 128, 0
// ASM-NEXT:   v.bf16 [[WR]], [[WR]]
// ASM-NEXT:   s.addi [[XA:s[0-9]+]], [[X:s[0-9]+]], 0
// ASM-NEXT:   s.addi [[AA:s[0-9]+]], [[ACC]], 56
// ASM-NEXT:   vld [[XR:v[0-9]+]], [[XA]], 16, 3, 4
// ASM-NEXT:   vlds [[SUM:v[0-9]+]], [[AA]], 96, 3, 4, 3
// ASM-NEXT:   v.bf16 [[XR]], [[XR]]
// ASM-NEXT:   v.mul [[XR]], [[XR]], [[WR]]
// ASM-NEXT:   v.add [[SUM]], [[SUM]], [[XR]]
// ASM-NEXT:   vsts [[SUM]], [[AA]], 96, 3, 4, 3
// ASM:        # conv_transpose window element 4
// ASM:        # conv_transpose window element 3
// ASM:        # conv_transpose window element 2
// ASM:        # conv_transpose window element 1
// ASM:        s.addi [[WA]], [[W]], 0 # conv_transpose window element 0
// ASM:        loop
// ASM:        s.addi [[RA:s[0-9]+]], [[ACC]], 4
// ASM:        vld [[R:v[0-9]+]], [[RA]], 48, 7, 11
// ASM-NEXT:   vlds [[B:v[0-9]+]], {{s[0-9]+}}, 0, 7, 11, 0
// ASM-NEXT:   v.add {{v[0-9]+}}, [[R]], [[B]] # loom.add
// ASM:        dma.store

func.func @asm(%x: tensor<1x2x3x4xf32>, %w: tensor<2x3x2x3xf32>, %b: tensor<3x1x1xf32>) -> tensor<1x3x7x11xf32> {
  %y = loom.conv_transpose %x, %w strides [2, 3] dilations [1, 1] pad_low [0, 1] pad_high [0, 1] output_padding [1, 1] groups 1 : (tensor<1x2x3x4xf32>, tensor<2x3x2x3xf32>) -> tensor<1x3x7x11xf32>
  %yb = loom.add %y, %b : (tensor<1x3x7x11xf32>, tensor<3x1x1xf32>) -> tensor<1x3x7x11xf32>
  return %yb : tensor<1x3x7x11xf32>
}

// A decoder's upsampling: six channels summed per result, stride 2, pads.
func.func @conv_transpose_2d(%x: tensor<2x6x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<2x4x9x9xf32> {
  %y = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] output_padding [0, 0] groups 1 : (tensor<2x6x5x5xf32>, tensor<6x4x3x3xf32>) -> tensor<2x4x9x9xf32>
  return %y : tensor<2x4x9x9xf32>
}

// 1-D (volumes of one plane of one row), sixteen channels, a bias.
func.func @conv_transpose_1d_bias(%x: tensor<1x16x7xf32>, %w: tensor<16x3x4xf32>, %b: tensor<3x1xf32>) -> tensor<1x3x16xf32> {
  %y = loom.conv_transpose %x, %w strides [2] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x16x7xf32>, tensor<16x3x4xf32>) -> tensor<1x3x16xf32>
  %yb = loom.add %y, %b : (tensor<1x3x16xf32>, tensor<3x1xf32>) -> tensor<1x3x16xf32>
  return %yb : tensor<1x3x16xf32>
}

// Two groups, dilations, uneven pads and output padding.
func.func @conv_transpose_groups(%x: tensor<1x4x4x5xf32>, %w: tensor<4x3x2x3xf32>) -> tensor<1x6x9x11xf32> {
  %y = loom.conv_transpose %x, %w strides [2, 2] dilations [2, 1] pad_low [1, 0] pad_high [0, 1] output_padding [1, 1] groups 2 : (tensor<1x4x4x5xf32>, tensor<4x3x2x3xf32>) -> tensor<1x6x9x11xf32>
  return %y : tensor<1x6x9x11xf32>
}

// 3-D: the window in (kd, kh, kw) order, from its last element.
func.func @conv_transpose_3d(%x: tensor<1x2x3x4x5xf32>, %w: tensor<2x2x3x2x3xf32>) -> tensor<1x2x5x7x9xf32> {
  %y = loom.conv_transpose %x, %w strides [1, 2, 2] dilations [1, 1, 1] pad_low [0, 0, 1] pad_high [0, 1, 1] output_padding [0, 0, 0] groups 1 : (tensor<1x2x3x4x5xf32>, tensor<2x2x3x2x3xf32>) -> tensor<1x2x5x7x9xf32>
  return %y : tensor<1x2x5x7x9xf32>
}

// Input rows wider than the lanes (150) and taller than the sublanes (11).
func.func @conv_transpose_wide(%x: tensor<1x3x11x150xf32>, %w: tensor<3x2x2x2xf32>) -> tensor<1x2x12x151xf32> {
  %y = loom.conv_transpose %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 1 : (tensor<1x3x11x150xf32>, tensor<3x2x2x2xf32>) -> tensor<1x2x12x151xf32>
  return %y : tensor<1x2x12x151xf32>
}
