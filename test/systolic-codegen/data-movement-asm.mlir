// The code of data-movement kernels (codegen/DataMovement.cpp): one 2-D DMA
// in and out where the innermost dimension stays contiguous, lane-strided
// vector loads where it moves, the gather's scalar loads of its indices,
// double-buffered chunks where a tensor is larger than a VMEM buffer, and
// resizes (a nearest upsample as one affine copy, a linear one unrolled).
// RUN: split-file %s %t
// RUN: loomc %t/slice.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=SLICE
// RUN: loomc %t/heads.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=HEADS
// RUN: loomc %t/keys.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=KEYS
// RUN: loomc %t/gather.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=GATHER
// RUN: loomc %t/keys.mlir --target=systolic --emit=asm --chip-config=%S/Inputs/small-vmem.ini | FileCheck %s --check-prefix=CHUNKS
// RUN: loomc %t/upsample.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=UPSAMPLE
// RUN: loomc %t/linear.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=LINEAR

//--- slice.mlir
// GPT's k out of the fused q/k/v projection: 128 rows of 384 floats, 1152
// apart. Small enough for one buffer, it goes as 4 chunks of 32 rows, all
// loaded at once (a flag each), each stored as soon as it has arrived.
// SLICE-LABEL: # kernel @main_kernel_0
// SLICE:       s.addi [[SRC:s[0-9]+]], s3, 1536
// SLICE:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L0:f[0-9]+]], 32, 1536, 1536, 4608
// SLICE:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L1:f[0-9]+]], 32, 1536, 1536, 4608
// SLICE:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L2:f[0-9]+]], 32, 1536, 1536, 4608
// SLICE:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L3:f[0-9]+]], 32, 1536, 1536, 4608
// SLICE-NEXT:  wait [[L0]], 1
// SLICE:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED:f[0-9]+]], 32, 1536, 1536, 1536
// SLICE-NEXT:  wait [[L1]], 1
// SLICE:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED]], 32, 1536, 1536, 1536
// SLICE-NEXT:  wait [[L2]], 1
// SLICE:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED]], 32, 1536, 1536, 1536
// SLICE-NEXT:  wait [[L3]], 1
// SLICE:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED]], 32, 1536, 1536, 1536
// SLICE-NEXT:  wait [[STORED]], 4
// SLICE-NEXT:  halt
func.func @main(%qkv: tensor<1x128x1152xf32>) -> tensor<1x128x384xf32> {
  %0 = loom.slice %qkv offsets [0, 0, 384] steps [1, 1, 1] : tensor<1x128x1152xf32> to tensor<1x128x384xf32>
  return %0 : tensor<1x128x384xf32>
}

//--- heads.mlir
// Heads merged: for each of the 8 heads one DMA of its 128 contiguous rows
// of 48 floats, stored 8 x 48 floats apart, all 8 in flight. No vector work.
// HEADS-LABEL: # kernel @main_kernel_0
// HEADS-COUNT-8: dma.load {{s[0-9]+}}, {{s[0-9]+}}, {{f[0-9]+}}, 128, 192, 192, 192
// HEADS-COUNT-8: dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED:f[0-9]+]], 128, 192, 192, 1536
// HEADS-NEXT:  wait [[STORED]], 8
// HEADS-NEXT:  halt
// HEADS-NOT:   vld
func.func @main(%x: tensor<1x8x128x48xf32>) -> tensor<1x128x8x48xf32> {
  %0 = loom.transpose %x permutation [0, 2, 1, 3] : (tensor<1x8x128x48xf32>) -> tensor<1x128x8x48xf32>
  return %0 : tensor<1x128x8x48xf32>
}

//--- keys.mlir
// Keys transposed, [0, 2, 3, 1]: heads and head dimension merge into 384
// contiguous source floats per token. Four chunks of 96 of them are loaded
// at once for all 128 tokens; each goes through x.transpose as a 96 x 128
// block (16 contiguous loads of 8 rows, one transpose, 12 stores) and is
// stored as 96 rows of 128 tokens.
// KEYS-LABEL: # kernel @main_kernel_0
// KEYS-COUNT-4: dma.load {{s[0-9]+}}, {{s[0-9]+}}, {{f[0-9]+}}, 128, 384, 384, 1536
// KEYS:       vld [[V:v[0-9]+]], {{s[0-9]+}}, 384, 8, 96
// KEYS-COUNT-15: vld v{{[0-9]+}}, {{s[0-9]+}}, 384, 8, 96
// KEYS-NEXT:  x.transpose [[V]], [[V]]
// KEYS-NEXT:  vst [[V]], {{s[0-9]+}}, 512, 8, 128
// KEYS-COUNT-11: vst v{{[0-9]+}}, {{s[0-9]+}}, 512, 8, 128
// KEYS:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED:f[0-9]+]], 96, 512, 512, 512
// KEYS-COUNT-3: x.transpose
// KEYS:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED]], 96, 512, 512, 512
// KEYS-NEXT:  wait [[STORED]], 4
// KEYS-NEXT:  halt

// With 64 KiB of VMEM the same transpose runs in 12 chunks of 32 output
// rows, double buffered: chunk 0 and 1 are loaded before chunk 0 is waited
// on; then pairs of chunks, each first waiting for the store that used the
// other buffer.
// CHUNKS-LABEL: # kernel @main_kernel_0
// CHUNKS:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L0:f[0-9]+]], 128, 128, 128, 1536
// CHUNKS:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L1:f[0-9]+]], 128, 128, 128, 1536
// CHUNKS-NEXT:  wait [[L0]], 1
// CHUNKS:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[S0:f[0-9]+]], 32, 512, 512, 512
// CHUNKS:       s.li [[PAIRS:s[0-9]+]], 5
// CHUNKS-NEXT:  wait [[S0]], 1
// CHUNKS:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L0]], 128, 128, 128, 1536
// CHUNKS:       wait [[L1]], 1
// CHUNKS:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[S1:f[0-9]+]], 32, 512, 512, 512
// CHUNKS:       wait [[S1]], 1
// CHUNKS:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[L1]], 128, 128, 128, 1536
// CHUNKS:       wait [[L0]], 1
// CHUNKS:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[S0]], 32, 512, 512, 512
// CHUNKS:       loop [[PAIRS]],
// CHUNKS:       wait [[L1]], 1
// CHUNKS:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[S1]], 32, 512, 512, 512
// CHUNKS-NEXT:  wait [[S0]], 1
// CHUNKS-NEXT:  wait [[S1]], 1
// CHUNKS-NEXT:  halt
func.func @main(%x: tensor<1x128x8x48xf32>) -> tensor<1x8x48x128xf32> {
  %0 = loom.transpose %x permutation [0, 2, 3, 1] : (tensor<1x128x8x48xf32>) -> tensor<1x8x48x128xf32>
  return %0 : tensor<1x8x48x128xf32>
}

//--- gather.mlir
// The token embedding: the indices DMAed into VMEM, each read by s.ld,
// wrapped when negative, checked against the table's 1024 rows, its row
// DMAed into the buffer of its chunk of 16 (8 chunks, all in flight); an
// index still out of range divides by zero to stop the run.
// GATHER-LABEL: # kernel @main_kernel_0
// GATHER:       s.li [[ZERO:s[0-9]+]], 0
// GATHER-NEXT:  s.li [[ROWS:s[0-9]+]], 1024
// GATHER:       s.addi [[INDICES:s[0-9]+]], s4, 0
// GATHER-NEXT:  dma.load {{s[0-9]+}}, [[INDICES]], [[F:f[0-9]+]], 1, 1024, 1024, 1024 # load the indices
// GATHER-NEXT:  wait [[F]], 1
// GATHER:       s.ld [[I:s[0-9]+]], {{s[0-9]+}}
// GATHER-NEXT:  br.ge [[I]], [[ZERO]], [[POSITIVE:[0-9]+]]
// GATHER-NEXT:  s.addi [[I]], [[I]], 1024
// GATHER-NEXT:  [[POSITIVE]]: br.lt [[I]], [[ZERO]], [[BAD:[0-9]+]]
// GATHER-NEXT:  br.ge [[I]], [[ROWS]], [[BAD]]
// GATHER-NEXT:  s.muli [[I]], [[I]], 1536
// GATHER-NEXT:  s.add [[ROW:s[0-9]+]], s3, [[I]]
// GATHER-NEXT:  dma.load {{s[0-9]+}}, [[ROW]], [[F]], 1, 1536, 24576, 1572864
// GATHER-COUNT-7: dma.load {{s[0-9]+}}, {{s[0-9]+}}, {{f[0-9]+}}, 1, 1536, 24576, 1572864
// GATHER-NEXT:  s.addi
// GATHER-NEXT:  s.addi
// GATHER-NEXT:  loop
// GATHER-NEXT:  wait [[F]], 16
// GATHER-COUNT-8: dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[STORED:f[0-9]+]], 1, 24576, 24576, 196608
// GATHER-NEXT:  wait [[STORED]], 8
// GATHER-NEXT:  jmp
// GATHER-NEXT:  [[BAD]]: s.div [[I]], [[I]], [[ZERO]] # gather index out of range: stop the run
// GATHER-NEXT:  halt
func.func @main(%table: tensor<1024x384xf32>, %ids: tensor<1x128xi64>) -> tensor<1x128x384xf32> {
  %0 = loom.gather %table, %ids axis 0 : (tensor<1024x384xf32>, tensor<1x128xi64>) -> tensor<1x128x384xf32>
  return %0 : tensor<1x128x384xf32>
}

//--- upsample.mlir
// A nearest upsample by 2 x 3 is one affine copy: each source row of 50
// floats (200 bytes) DMAed into 3 rows at once with an HBM stride of 0, no
// staging and no unrolling.
// UPSAMPLE-LABEL: # kernel @main_kernel_0
// UPSAMPLE-NOT:   resize staged
// UPSAMPLE:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, {{f[0-9]+}}, 3, 200, 200, 0
// UPSAMPLE-NOT:   resize staged
func.func @main(%x: tensor<1x4x60x50xf32>) -> tensor<1x4x120x150xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 1.0, 2.0, 3.0] : tensor<1x4x60x50xf32> to tensor<1x4x120x150xf32>
  return %0 : tensor<1x4x120x150xf32>
}

//--- linear.mlir
// A linear resize staged in VMEM, each result element computed in the
// evaluator's order: f32(weight) * element for each corner of nonzero
// weight, the first term the sum, the next ones added to it.
// LINEAR-LABEL: # kernel @main_kernel_0
// LINEAR:       dma.load {{.*}} # resize staged whole in VMEM
// LINEAR:       vlds [[SUM:v[0-9]+]], {{s[0-9]+}}, 0, 1, 1, 1
// LINEAR-NEXT:  s.lif [[W:s[0-9]+]], 1.0
// LINEAR-NEXT:  v.splat [[WV:v[0-9]+]], [[W]]
// LINEAR-NEXT:  v.mul [[SUM]], [[WV]], [[SUM]]
// LINEAR-NEXT:  s.li [[OUT:s[0-9]+]], 64
// LINEAR-NEXT:  vsts [[SUM]], [[OUT]], 0, 1, 1, 1
// LINEAR:       s.lif [[W]], 0.75
// LINEAR-NEXT:  v.splat [[WV]], [[W]]
// LINEAR-NEXT:  v.mul [[SUM]], [[WV]], [[SUM]]
// LINEAR-NEXT:  s.li {{s[0-9]+}}, 4
// LINEAR-NEXT:  vlds [[TERM:v[0-9]+]], {{s[0-9]+}}, 0, 1, 1, 1
// LINEAR-NEXT:  s.lif [[W]], 0.25
// LINEAR-NEXT:  v.splat [[WV]], [[W]]
// LINEAR-NEXT:  v.mul [[TERM]], [[WV]], [[TERM]]
// LINEAR-NEXT:  v.add [[SUM]], [[SUM]], [[TERM]]
// LINEAR-NEXT:  s.li [[OUT]], 68
// LINEAR-NEXT:  vsts [[SUM]], [[OUT]], 0, 1, 1, 1
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 1.0, 2.0, 2.0] : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}
