// The code of matmul kernels (codegen/Matmul.cpp): output tiles spread over
// the MXUs, K folded with the first fold overwriting and the later ones
// accumulating, loads issued fold by fold ahead of the folds that wait for
// them, data shared with the previous group not loaded again, groups
// alternating between two accumulator regions, the epilogue between the
// next group's folds and every flag waited at the end.
// RUN: split-file %s %t
// RUN: loomc %t/dense.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=DENSE
// RUN: loomc %t/blocks.mlir --target=systolic --emit=asm --chip-config=%S/Inputs/matmul-small-mxu.ini | FileCheck %s --check-prefix=BLOCKS
// RUN: loomc %t/heads.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=HEADS
// RUN: loomc %t/constant.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=CONST
// RUN: loomc %t/constant32.mlir --target=systolic --emit=asm --chip-config=%S/Inputs/matmul-dma-32.ini | FileCheck %s --check-prefix=CONST32

//--- dense.mlir
// Five N tiles over four MXUs: group 0 has m0..m3, group 1 the 8 columns
// left on m0. K = 300 is three folds (128, 128, 44).
// DENSE-LABEL: # kernel @main_kernel_0
// DENSE-NEXT:  s.li [[R0:s[0-9]+]], 0
// DENSE-NEXT:  s.li [[R1:s[0-9]+]], 56 {{ *}}# matmul 1 x 50x300x520: 2 groups of up to 4 tiles of 50x128, 3 folds of K
// DENSE-NEXT:  s.addi {{s[0-9]+}}, s3, 0 {{ *}}# load A batch 0 rows 0..49 k 0..127
// DENSE-NEXT:  s.li
// DENSE-NEXT:  dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[LOADS:f[0-9]+]], 50, 512, 1200, 1200
// The four tiles' B strips of a fold are adjacent: one transfer.
// DENSE-NEXT:  s.addi {{s[0-9]+}}, s4, 0 {{ *}}# load B k 0..127 cols 0..511
// DENSE-NEXT:  s.li
// DENSE-NEXT:  dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[LOADS]], 128, 2048, 2048, 2080
// DENSE:       # load epilogue operand (argument 2)
// DENSE:       # load A batch 0 rows 0..49 k 256..299
// DENSE-NEXT:  s.li
// DENSE-NEXT:  dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[LOADS]], 50, 176, 1200, 1200
// DENSE:       wait [[LOADS]], 2
// DENSE-NEXT:  s.li {{.*}}# group 0 fold 0: k 0..127, cols 0..127
// DENSE-NEXT:  ldw.f32 m0, {{s[0-9]+}}, 128, 128, 2048
// DENSE-NEXT:  s.li
// DENSE-NEXT:  matmul.swap.f32 m0, [[R0]], {{s[0-9]+}}, 50, 1200
// DENSE:       ldw.f32 m1, {{s[0-9]+}}, 128, 128, 2048
// DENSE:       matmul.swap.f32 m1, [[R0]], {{s[0-9]+}}, 50, 1200
// DENSE:       matmul.swap.f32 m2, [[R0]]
// DENSE:       matmul.swap.f32 m3, [[R0]]
// DENSE:       # group 0 fold 1: k 128..255, cols 0..127
// DENSE-NEXT:  ldw.f32 m0, {{s[0-9]+}}, 128, 128, 2048
// DENSE-NEXT:  s.li
// DENSE-NEXT:  matmul.acc.swap.f32 m0, [[R0]], {{s[0-9]+}}, 50, 1200
// The last fold streams the rows in chunks of 32 (a quarter of the array's
// rows at least), the later chunks on the same weights (no .swap), so that
// the epilogue starts chunk by chunk.
// DENSE:       # group 0 fold 2: k 256..299, cols 384..511
// DENSE-NEXT:  ldw.f32 m3, {{s[0-9]+}}, 44, 128, 2048
// DENSE-NEXT:  s.li
// DENSE-NEXT:  matmul.acc.swap.f32 m3, [[R0]], [[A:s[0-9]+]], 32, 1200 {{ *}}# batch 0 rows 0..31
// DENSE-NEXT:  s.addi [[A]], [[A]], 38400
// DENSE-NEXT:  s.addi [[ACC:s[0-9]+]], [[R0]], 32
// DENSE-NEXT:  matmul.acc.f32 m3, [[ACC]], [[A]], 18, 1200 {{ *}}# batch 0 rows 32..49
// Group 1 reuses group 0's rows of A and accumulates in the other region.
// DENSE-NOT:   load A
// DENSE:       # group 1 fold 0: k 0..127, cols 512..519
// DENSE-NEXT:  ldw.f32 m0, {{s[0-9]+}}, 128, 8, 32
// DENSE-NEXT:  s.li
// DENSE-NEXT:  matmul.swap.f32 m0, [[R1]], {{s[0-9]+}}, 50, 1200
// Group 0's epilogue: pop, the bias add, vst into the staging buffer; each
// chunk of each tile leaves by one DMA.
// DENSE:       pop m0, [[V:v[0-9]+]], {{s[0-9]+}}, 0
// DENSE:       v.add {{v[0-9]+}}, [[V]], {{v[0-9]+}} {{ *}}# loom.add
// DENSE:       vst {{v[0-9]+}}, {{s[0-9]+}}, 512, 8, 128
// DENSE:       # store batch 0 rows 0..31 cols 0..127
// DENSE-NEXT:  s.li
// DENSE-NEXT:  dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORES:f[0-9]+]], 32, 512, 512, 2080
// DENSE:       matmul.acc.swap.f32 m0, [[R1]], {{s[0-9]+}}, 50, 1200
// DENSE:       pop m3,
// DENSE:       vst {{v[0-9]+}}, {{s[0-9]+}}, 512, 2, 8
// DENSE:       # store batch 0 rows 32..49 cols 512..519
// DENSE-NEXT:  s.li
// DENSE-NEXT:  dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORES]], 18, 32, 512, 2080
// DENSE-NEXT:  wait [[STORES]], 10
// DENSE-NEXT:  halt
func.func @main(%x: tensor<50x300xf32>, %w: tensor<300x520xf32>, %b: tensor<520xf32>) -> tensor<50x520xf32> {
  %mm = loom.matmul %x, %w : (tensor<50x300xf32>, tensor<300x520xf32>) -> tensor<50x520xf32>
  %0 = loom.add %mm, %b : (tensor<50x520xf32>, tensor<520xf32>) -> tensor<50x520xf32>
  return %0 : tensor<50x520xf32>
}

//--- blocks.mlir
// Two 32 x 16 MXUs with 64 accumulator rows: M = 80 in blocks of 32 rows,
// each block a group of both N tiles; the groups alternate between
// accumulator rows 0 and 32 and load B only once.
// BLOCKS-LABEL: # kernel @main_kernel_0
// BLOCKS-NEXT:  s.li [[R0:s[0-9]+]], 0
// BLOCKS-NEXT:  s.li [[R1:s[0-9]+]], 32 {{ *}}# matmul 1 x 80x40x20: 3 groups of up to 2 tiles of 32x16, 2 folds of K
// BLOCKS-COUNT-2: # load B k
// BLOCKS-NOT:   # load B
// BLOCKS:       ldw.f32 m0, {{s[0-9]+}}, 32, 16, 80
// BLOCKS:       matmul.swap.f32 m0, [[R0]], {{s[0-9]+}}, 32, 160 {{ *}}# batch 0 rows 0..31
// BLOCKS:       ldw.f32 m1, {{s[0-9]+}}, 32, 4, 80
// BLOCKS:       matmul.swap.f32 m1, [[R0]], {{s[0-9]+}}, 32, 160
// BLOCKS:       ldw.f32 m1, {{s[0-9]+}}, 8, 4, 80
// BLOCKS:       matmul.acc.swap.f32 m1, [[R0]], {{s[0-9]+}}, 8, 160 {{ *}}# batch 0 rows 0..7
// BLOCKS:       matmul.acc.f32 m1, {{s[0-9]+}}, {{s[0-9]+}}, 8, 160 {{ *}}# batch 0 rows 24..31
// BLOCKS:       matmul.swap.f32 m0, [[R1]], {{s[0-9]+}}, 32, 160 {{ *}}# batch 0 rows 32..63
// BLOCKS:       matmul.swap.f32 m0, [[R0]], {{s[0-9]+}}, 16, 160 {{ *}}# batch 0 rows 64..79
// BLOCKS:       # store batch 0 rows 72..79 cols 16..19
// BLOCKS-NEXT:  s.li
// BLOCKS-NEXT:  dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORES:f[0-9]+]], 8, 16, 64, 80
// BLOCKS-NEXT:  wait [[STORES]], 12
// BLOCKS-NEXT:  halt
func.func @main(%x: tensor<80x40xf32>, %w: tensor<40x20xf32>) -> tensor<80x20xf32> {
  %0 = loom.matmul %x, %w : (tensor<80x40xf32>, tensor<40x20xf32>) -> tensor<80x20xf32>
  return %0 : tensor<80x20xf32>
}

//--- heads.mlir
// Attention scores of 8 heads: four heads a group, one on each MXU; the
// four heads' rows of A are consecutive, one transfer.
// HEADS-LABEL: # kernel @main_kernel_0
// HEADS:       # matmul 8 x 24x16x24: 2 groups of up to 4 tiles of 24x128, 1 fold of K
// HEADS:       # load A batch 0+3 rows 0..23 k 0..15
// HEADS-NEXT:  s.li
// HEADS-NEXT:  dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[LOADS:f[0-9]+]], 96, 64, 64, 64
// HEADS:       # load B batch 3 k 0..15 cols 0..23
// HEADS:       # load A batch 4+3 rows 0..23 k 0..15
// HEADS:       wait [[LOADS]], 5
// HEADS:       matmul.swap.f32 m0, {{s[0-9]+}}, {{s[0-9]+}}, 24, 64 {{ *}}# batch 0 rows 0..23
// HEADS:       matmul.swap.f32 m1, {{s[0-9]+}}, {{s[0-9]+}}, 24, 64 {{ *}}# batch 1 rows 0..23
// HEADS:       matmul.swap.f32 m2, {{s[0-9]+}}, {{s[0-9]+}}, 24, 64 {{ *}}# batch 2 rows 0..23
// HEADS:       matmul.swap.f32 m3, {{s[0-9]+}}, {{s[0-9]+}}, 24, 64 {{ *}}# batch 3 rows 0..23
// HEADS:       wait [[LOADS]], 5
// HEADS:       matmul.swap.f32 m3, {{s[0-9]+}}, {{s[0-9]+}}, 24, 64 {{ *}}# batch 7 rows 0..23
// HEADS-COUNT-24: pop m{{[0-3]}},
// HEADS:       wait {{f[0-9]+}}, 8
// HEADS-NEXT:  halt
func.func @main(%q: tensor<1x8x24x16xf32>, %k: tensor<1x8x16x24xf32>) -> tensor<1x8x24x24xf32> {
  %0 = loom.matmul %q, %k : (tensor<1x8x24x16xf32>, tensor<1x8x16x24xf32>) -> tensor<1x8x24x24xf32>
  return %0 : tensor<1x8x24x24xf32>
}

//--- constant.mlir
// Constant weights arrive as a bf16 argument (loom-systolic-bf16-matmul-
// weights): B comes from argument 1 (s4), 2 bytes an element, ldw takes it
// as it is (no .f32) and the library has no copy of it.
// CONST-LABEL: # kernel @main_kernel_0
// CONST:       s.addi {{s[0-9]+}}, s4, 0 {{ *}}# load B k 0..7 cols 0..5
// CONST-NEXT:  s.li
// CONST-NEXT:  dma.load {{s[0-9]+}}, {{s[0-9]+}}, {{f[0-9]+}}, 8, 12, 12, 12
// CONST:       ldw m0, {{s[0-9]+}}, 8, 6, 12
// CONST-NEXT:  s.li
// CONST-NEXT:  matmul.swap.f32 m0,
// CONST-NOT:   # constants:
func.func @main(%x: tensor<12x8xf32>) -> tensor<12x6xf32> {
  %w = loom.constant dense<[[-0.176167, -0.349151, 0.150934, -0.427564, 0.035882, -0.134311], [-0.442001, 0.00743573, -0.462504, -0.0663543, -0.430145, -0.409287], [-0.0754808, 0.326852, -0.376198, -0.276761, 0.127433, 0.447709], [0.0771029, -0.10332, 0.476255, -0.453417, 0.358468, -0.210391], [-0.355745, -0.382208, -0.191518, 0.316126, -0.319274, 0.0816002], [0.138913, -0.127602, 0.0477445, -0.437211, -0.440399, -0.294041], [0.1804, -0.0724077, -0.185853, 0.0855619, -0.0468156, -0.200233], [0.294379, 0.198994, -0.255903, 0.0744237, 0.0251965, 0.375137]]> : tensor<8x6xf32>
  %0 = loom.matmul %x, %w : (tensor<12x8xf32>, tensor<8x6xf32>) -> tensor<12x6xf32>
  return %0 : tensor<12x6xf32>
}

//--- constant32.mlir
// On a chip of 32-byte DMA units the bf16 rows of 16 bytes would not fit:
// loom-systolic-bf16-matmul-weights, told the chip's alignment, leaves the
// weights f32, and the kernel loads its f32 argument (s4) with ldw.f32,
// which rounds them to the same bf16 values; nothing is copied into the
// library's constants.
// CONST32-LABEL: # kernel @main_kernel_0
// CONST32:       s.addi {{s[0-9]+}}, s4, 0 {{ *}}# load B k 0..7 cols 0..7
// CONST32-NEXT:  s.li
// CONST32-NEXT:  dma.load {{s[0-9]+}}, {{s[0-9]+}}, {{f[0-9]+}}, 8, 32, 32, 32
// CONST32:       ldw.f32 m0, {{s[0-9]+}}, 8, 8, 32
// CONST32-NOT:   # constants:
func.func @main(%x: tensor<12x8xf32>) -> tensor<12x8xf32> {
  %w = loom.constant dense<[[-0.176167, -0.349151, 0.150934, -0.427564, 0.035882, -0.134311, -0.442001, 0.00743573], [-0.462504, -0.0663543, -0.430145, -0.409287, -0.0754808, 0.326852, -0.376198, -0.276761], [0.127433, 0.447709, 0.0771029, -0.10332, 0.476255, -0.453417, 0.358468, -0.210391], [-0.355745, -0.382208, -0.191518, 0.316126, -0.319274, 0.0816002, 0.138913, -0.127602], [0.0477445, -0.437211, -0.440399, -0.294041, 0.1804, -0.0724077, -0.185853, 0.0855619], [-0.0468156, -0.200233, 0.294379, 0.198994, -0.255903, 0.0744237, 0.0251965, 0.375137], [0.229445, -0.212062, 0.480175, -0.381934, -0.0818772, 0.257141, -0.348015, -0.0110369], [-0.460793, 0.168216, 0.264571, 0.0730259, 0.375478, -0.186252, 0.195295, 0.0943699]]> : tensor<8x8xf32>
  %0 = loom.matmul %x, %w : (tensor<12x8xf32>, tensor<8x8xf32>) -> tensor<12x8xf32>
  return %0 : tensor<12x8xf32>
}
