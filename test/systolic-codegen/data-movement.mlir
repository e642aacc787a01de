// Data-movement kernels on the systolic target, run on the simulated chip
// against the evaluator: every element must arrive bit for bit, whatever
// its type. The DMA path (slices, transposes keeping the innermost
// dimension, concat, pad), the vector path (transposes moving the innermost
// dimension, steps, reversals, broadcasts), element-granular DMA (8-byte
// elements whose innermost dimension moves), edge and reflect pads, copies
// of 1- and 2-byte types that DMA cannot move at 4-byte granularity (staged
// whole in VMEM) and gathers with negative indices.
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// CHECK-COUNT-55: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode

// GPT's kernels: q/k/v sliced out of the fused projection, heads split and
// merged, keys transposed for the scores, the token embedding.
func.func @gpt_slice_k(%qkv: tensor<1x128x1152xf32>) -> tensor<1x128x384xf32> {
  %0 = loom.slice %qkv offsets [0, 0, 384] steps [1, 1, 1] : tensor<1x128x1152xf32> to tensor<1x128x384xf32>
  return %0 : tensor<1x128x384xf32>
}

func.func @gpt_split_heads(%x: tensor<1x128x8x48xf32>) -> tensor<1x8x128x48xf32> {
  %0 = loom.transpose %x permutation [0, 2, 1, 3] : (tensor<1x128x8x48xf32>) -> tensor<1x8x128x48xf32>
  return %0 : tensor<1x8x128x48xf32>
}

func.func @gpt_keys_transposed(%x: tensor<1x128x8x48xf32>) -> tensor<1x8x48x128xf32> {
  %0 = loom.transpose %x permutation [0, 2, 3, 1] : (tensor<1x128x8x48xf32>) -> tensor<1x8x48x128xf32>
  return %0 : tensor<1x8x48x128xf32>
}

func.func @gpt_merge_heads(%x: tensor<1x8x128x48xf32>) -> tensor<1x128x8x48xf32> {
  %0 = loom.transpose %x permutation [0, 2, 1, 3] : (tensor<1x8x128x48xf32>) -> tensor<1x128x8x48xf32>
  return %0 : tensor<1x128x8x48xf32>
}

func.func @gpt_embedding(%table: tensor<1024x384xf32>, %ids: tensor<1x128xi64> {loom.random = [-1024, 1023]}) -> tensor<1x128x384xf32> {
  %0 = loom.gather %table, %ids axis 0 : (tensor<1024x384xf32>, tensor<1x128xi64>) -> tensor<1x128x384xf32>
  return %0 : tensor<1x128x384xf32>
}

// Transposes: odd sizes, every dimension moved, other element types.
func.func @transpose_3d(%x: tensor<5x7x3xf32>) -> tensor<3x5x7xf32> {
  %0 = loom.transpose %x permutation [2, 0, 1] : (tensor<5x7x3xf32>) -> tensor<3x5x7xf32>
  return %0 : tensor<3x5x7xf32>
}

func.func @transpose_wide(%x: tensor<3x130x17xf32>) -> tensor<3x17x130xf32> {
  %0 = loom.transpose %x permutation [0, 2, 1] : (tensor<3x130x17xf32>) -> tensor<3x17x130xf32>
  return %0 : tensor<3x17x130xf32>
}

func.func @transpose_i64(%x: tensor<2x3x4x5xi64>) -> tensor<5x3x2x4xi64> {
  %0 = loom.transpose %x permutation [3, 1, 0, 2] : (tensor<2x3x4x5xi64>) -> tensor<5x3x2x4xi64>
  return %0 : tensor<5x3x2x4xi64>
}

func.func @transpose_i32(%x: tensor<9x33xi32>) -> tensor<33x9xi32> {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<9x33xi32>) -> tensor<33x9xi32>
  return %0 : tensor<33x9xi32>
}

func.func @transpose_bool_rows(%x: tensor<4x6x8xi1>) -> tensor<6x4x8xi1> {
  %0 = loom.transpose %x permutation [1, 0, 2] : (tensor<4x6x8xi1>) -> tensor<6x4x8xi1>
  return %0 : tensor<6x4x8xi1>
}

// Slices: offsets, steps, reversed dimensions, 8-byte elements.
func.func @slice_reversed(%x: tensor<6x40xf32>) -> tensor<6x20xf32> {
  %0 = loom.slice %x offsets [5, 39] steps [-1, -2] : tensor<6x40xf32> to tensor<6x20xf32>
  return %0 : tensor<6x20xf32>
}

func.func @slice_steps(%x: tensor<9x33xf32>) -> tensor<4x11xf32> {
  %0 = loom.slice %x offsets [1, 0] steps [2, 3] : tensor<9x33xf32> to tensor<4x11xf32>
  return %0 : tensor<4x11xf32>
}

func.func @slice_i64(%x: tensor<4x10xi64>) -> tensor<4x5xi64> {
  %0 = loom.slice %x offsets [0, 2] steps [1, 1] : tensor<4x10xi64> to tensor<4x5xi64>
  return %0 : tensor<4x5xi64>
}

func.func @slice_bool_rows(%x: tensor<6x16xi1>) -> tensor<3x16xi1> {
  %0 = loom.slice %x offsets [1, 0] steps [2, 1] : tensor<6x16xi1> to tensor<3x16xi1>
  return %0 : tensor<3x16xi1>
}

// Broadcasts.
func.func @broadcast_column(%x: tensor<3x1xf32>) -> tensor<2x3x5xf32> {
  %0 = loom.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

func.func @broadcast_row(%x: tensor<1x7xf32>) -> tensor<4x7xf32> {
  %0 = loom.broadcast_to %x : tensor<1x7xf32> to tensor<4x7xf32>
  return %0 : tensor<4x7xf32>
}

func.func @broadcast_i64(%x: tensor<1xi64>) -> tensor<3x9xi64> {
  %0 = loom.broadcast_to %x : tensor<1xi64> to tensor<3x9xi64>
  return %0 : tensor<3x9xi64>
}

func.func @expand_middle(%x: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.expand %x dims [1] : tensor<3xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// Concat, pad, reshape.
func.func @concat_middle(%a: tensor<2x3x4xf32>, %b: tensor<2x5x4xf32>) -> tensor<2x8x4xf32> {
  %0 = loom.concat %a, %b axis 1 : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  return %0 : tensor<2x8x4xf32>
}

func.func @concat_columns_i64(%a: tensor<3x1xi64>, %b: tensor<3x2xi64>) -> tensor<3x3xi64> {
  %0 = loom.concat %a, %b axis 1 : (tensor<3x1xi64>, tensor<3x2xi64>) -> tensor<3x3xi64>
  return %0 : tensor<3x3xi64>
}

func.func @concat_rows_i32(%a: tensor<2x8xi32>, %b: tensor<3x8xi32>) -> tensor<5x8xi32> {
  %0 = loom.concat %a, %b axis 0 : (tensor<2x8xi32>, tensor<3x8xi32>) -> tensor<5x8xi32>
  return %0 : tensor<5x8xi32>
}

func.func @pad_value(%x: tensor<3x5xf32>) -> tensor<6x8xf32> {
  %0 = loom.pad %x low [1, 2] high [2, 1] mode constant value 1.5 : (tensor<3x5xf32>) -> tensor<6x8xf32>
  return %0 : tensor<6x8xf32>
}

func.func @pad_crop(%x: tensor<3x5xf32>) -> tensor<4x6xf32> {
  %0 = loom.pad %x low [1, -1] high [0, 2] mode constant : (tensor<3x5xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

func.func @pad_i64(%x: tensor<2x4xi64>) -> tensor<4x4xi64> {
  %0 = loom.pad %x low [1, 0] high [1, 0] mode constant value 7.0 : (tensor<2x4xi64>) -> tensor<4x4xi64>
  return %0 : tensor<4x4xi64>
}

// Edge and reflect pads: one affine copy per combination of evenly stepping
// runs (borders repeated by broadcasts or mirrored by reversals).
func.func @pad_edge(%x: tensor<3x5xf32>) -> tensor<7x9xf32> {
  %0 = loom.pad %x low [2, 3] high [2, 1] mode edge : (tensor<3x5xf32>) -> tensor<7x9xf32>
  return %0 : tensor<7x9xf32>
}

func.func @pad_reflect(%x: tensor<2x4x6xf32>) -> tensor<2x6x11xf32> {
  %0 = loom.pad %x low [0, 1, 3] high [0, 1, 2] mode reflect : (tensor<2x4x6xf32>) -> tensor<2x6x11xf32>
  return %0 : tensor<2x6x11xf32>
}

func.func @pad_reflect_crop_i64(%x: tensor<4x5xi64>) -> tensor<5x6xi64> {
  %0 = loom.pad %x low [-1, 2] high [2, -1] mode reflect : (tensor<4x5xi64>) -> tensor<5x6xi64>
  return %0 : tensor<5x6xi64>
}

func.func @pad_edge_f16(%x: tensor<3x3xf16>) -> tensor<5x8xf16> {
  %0 = loom.pad %x low [1, 2] high [1, 3] mode edge : (tensor<3x3xf16>) -> tensor<5x8xf16>
  return %0 : tensor<5x8xf16>
}

func.func @pad_edge_wide(%x: tensor<1x3x40x40xf32>) -> tensor<1x3x44x46xf32> {
  %0 = loom.pad %x low [0, 0, 2, 3] high [0, 0, 2, 3] mode edge : (tensor<1x3x40x40xf32>) -> tensor<1x3x44x46xf32>
  return %0 : tensor<1x3x44x46xf32>
}

func.func @reshape(%x: tensor<6x10xf32>) -> tensor<4x15xf32> {
  %0 = loom.reshape %x : tensor<6x10xf32> to tensor<4x15xf32>
  return %0 : tensor<4x15xf32>
}

// Gathers: a middle axis, i32 indices, i64 rows.
func.func @gather_axis1(%x: tensor<6x10x4xf32>, %i: tensor<3x2xi64> {loom.random = [-10, 9]}) -> tensor<6x3x2x4xf32> {
  %0 = loom.gather %x, %i axis 1 : (tensor<6x10x4xf32>, tensor<3x2xi64>) -> tensor<6x3x2x4xf32>
  return %0 : tensor<6x3x2x4xf32>
}

func.func @gather_i32(%x: tensor<50x16xf32>, %i: tensor<7xi32> {loom.random = [-50, 49]}) -> tensor<7x16xf32> {
  %0 = loom.gather %x, %i axis 0 : (tensor<50x16xf32>, tensor<7xi32>) -> tensor<7x16xf32>
  return %0 : tensor<7x16xf32>
}

func.func @gather_i64_rows(%x: tensor<5x3x2xi64>, %i: tensor<4xi64> {loom.random = [-5, 4]}) -> tensor<4x3x2xi64> {
  %0 = loom.gather %x, %i axis 0 : (tensor<5x3x2xi64>, tensor<4xi64>) -> tensor<4x3x2xi64>
  return %0 : tensor<4x3x2xi64>
}

// 1- and 2-byte elements in runs that are not whole words: staged in VMEM,
// moved by u8 planes; the bytes past the result up to the next word keep
// their value.
func.func @transpose_bool(%x: tensor<4x6x3xi1>) -> tensor<4x3x6xi1> {
  %0 = loom.transpose %x permutation [0, 2, 1] : (tensor<4x6x3xi1>) -> tensor<4x3x6xi1>
  return %0 : tensor<4x3x6xi1>
}
func.func @transpose_i8(%x: tensor<5x7xi8>) -> tensor<7x5xi8> {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<5x7xi8>) -> tensor<7x5xi8>
  return %0 : tensor<7x5xi8>
}
func.func @transpose_f16(%x: tensor<3x5x7xf16>) -> tensor<7x3x5xf16> {
  %0 = loom.transpose %x permutation [2, 0, 1] : (tensor<3x5x7xf16>) -> tensor<7x3x5xf16>
  return %0 : tensor<7x3x5xf16>
}
func.func @slice_bool_odd(%x: tensor<6x17xi1>) -> tensor<3x13xi1> {
  %0 = loom.slice %x offsets [1, 3] steps [2, 1] : tensor<6x17xi1> to tensor<3x13xi1>
  return %0 : tensor<3x13xi1>
}
func.func @slice_bf16_reversed(%x: tensor<5x9xbf16>) -> tensor<5x9xbf16> {
  %0 = loom.slice %x offsets [4, 8] steps [-1, -1] : tensor<5x9xbf16> to tensor<5x9xbf16>
  return %0 : tensor<5x9xbf16>
}
func.func @concat_bool_odd(%a: tensor<3x5xi1>, %b: tensor<3x2xi1>) -> tensor<3x7xi1> {
  %0 = loom.concat %a, %b axis 1 : (tensor<3x5xi1>, tensor<3x2xi1>) -> tensor<3x7xi1>
  return %0 : tensor<3x7xi1>
}
func.func @pad_bool(%x: tensor<3x5xi1>) -> tensor<4x7xi1> {
  %0 = loom.pad %x low [1, 1] high [0, 1] mode constant value 1.0 : (tensor<3x5xi1>) -> tensor<4x7xi1>
  return %0 : tensor<4x7xi1>
}
func.func @pad_f16(%x: tensor<3x3xf16>) -> tensor<5x4xf16> {
  %0 = loom.pad %x low [1, 0] high [1, 1] mode constant value 0.3 : (tensor<3x3xf16>) -> tensor<5x4xf16>
  return %0 : tensor<5x4xf16>
}
func.func @broadcast_i8(%x: tensor<1x3xi8>) -> tensor<5x3xi8> {
  %0 = loom.broadcast_to %x : tensor<1x3xi8> to tensor<5x3xi8>
  return %0 : tensor<5x3xi8>
}
func.func @reshape_bool_odd(%x: tensor<3x5xi1>) -> tensor<15xi1> {
  %0 = loom.reshape %x : tensor<3x5xi1> to tensor<15xi1>
  return %0 : tensor<15xi1>
}
func.func @gather_bool(%x: tensor<6x4xi1>, %i: tensor<3xi64> {loom.random = [-6, 5]}) -> tensor<3x4xi1> {
  %0 = loom.gather %x, %i axis 0 : (tensor<6x4xi1>, tensor<3xi64>) -> tensor<3x4xi1>
  return %0 : tensor<3x4xi1>
}

// Gathered rows of a byte count DMA cannot move: the table staged in VMEM,
// rows copied by u8 vector loads and stores.
func.func @gather_bool_rows(%x: tensor<6x3xi1>, %i: tensor<2x2xi64> {loom.random = [-6, 5]}) -> tensor<2x2x3xi1> {
  %0 = loom.gather %x, %i axis 0 : (tensor<6x3xi1>, tensor<2x2xi64>) -> tensor<2x2x3xi1>
  return %0 : tensor<2x2x3xi1>
}
func.func @gather_f16_axis1(%x: tensor<9x5x7xf16>, %i: tensor<4xi32> {loom.random = [-5, 4]}) -> tensor<9x4x7xf16> {
  %0 = loom.gather %x, %i axis 1 : (tensor<9x5x7xf16>, tensor<4xi32>) -> tensor<9x4x7xf16>
  return %0 : tensor<9x4x7xf16>
}
func.func @gather_i8_last(%x: tensor<3x4x10xi8>, %i: tensor<5xi64> {loom.random = [-10, 9]}) -> tensor<3x4x5xi8> {
  %0 = loom.gather %x, %i axis 2 : (tensor<3x4x10xi8>, tensor<5xi64>) -> tensor<3x4x5xi8>
  return %0 : tensor<3x4x5xi8>
}
func.func @gather_wide_row(%x: tensor<4x301xi8>, %i: tensor<3xi64> {loom.random = [-4, 3]}) -> tensor<3x301xi8> {
  %0 = loom.gather %x, %i axis 0 : (tensor<4x301xi8>, tensor<3xi64>) -> tensor<3x301xi8>
  return %0 : tensor<3x301xi8>
}

// Splat constants stay in their kernel and are read from the library's
// constants.
func.func @concat_constant(%x: tensor<2x3xf32>) -> tensor<2x6xf32> {
  %c = loom.constant dense<1.5> : tensor<2x3xf32>
  %0 = loom.concat %x, %c axis 1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

func.func @concat_constant_bool(%x: tensor<3x8xi1>) -> tensor<4x8xi1> {
  %c = loom.constant dense<true> : tensor<1x8xi1>
  %0 = loom.concat %c, %x axis 0 : (tensor<1x8xi1>, tensor<3x8xi1>) -> tensor<4x8xi1>
  return %0 : tensor<4x8xi1>
}

func.func @gather_constant_table(%i: tensor<5xi64> {loom.random = [-4, 3]}) -> tensor<5x2xf32> {
  %t = loom.constant dense<2.5> : tensor<4x2xf32>
  %0 = loom.gather %t, %i axis 0 : (tensor<4x2xf32>, tensor<5xi64>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

func.func @gather_constant_indices(%t: tensor<6x4xf32>) -> tensor<3x4xf32> {
  %i = loom.constant dense<-2> : tensor<3xi32>
  %0 = loom.gather %t, %i axis 0 : (tensor<6x4xf32>, tensor<3xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// Larger than one 4 MiB VMEM buffer: several double-buffered chunks.
func.func @transpose_chunked(%x: tensor<1536x1024xf32>) -> tensor<1024x1536xf32> {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<1536x1024xf32>) -> tensor<1024x1536xf32>
  return %0 : tensor<1024x1536xf32>
}

func.func @slice_chunked(%x: tensor<3x1024x1024xf32>) -> tensor<3x1000x1000xf32> {
  %0 = loom.slice %x offsets [0, 1, 3] steps [1, 1, 1] : tensor<3x1024x1024xf32> to tensor<3x1000x1000xf32>
  return %0 : tensor<3x1000x1000xf32>
}

func.func @gather_chunked(%table: tensor<4096x2048xf32>, %ids: tensor<1000xi32> {loom.random = [-4096, 4095]}) -> tensor<1000x2048xf32> {
  %0 = loom.gather %table, %ids axis 0 : (tensor<4096x2048xf32>, tensor<1000xi32>) -> tensor<1000x2048xf32>
  return %0 : tensor<1000x2048xf32>
}
