// The code of vector-unit kernels (codegen/Elementwise.cpp, Reduction.cpp):
// dimensions coalesced into sublanes x lanes tiles with broadcasts as
// lane-stride-0 loads, clamp as compare-selects (relu is one v.relu),
// rows reduced with x.*.init chunk after chunk, max_pool windows as strided
// loads (3-D ones over padded volumes), tensors larger than a chunk streamed
// through two VMEM buffers, and f16 arithmetic rounded to f16 after each op.
// RUN: split-file %s %t
// RUN: loomc %t/bias-relu6.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=CLAMP
// RUN: loomc %t/pool.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=GAP
// RUN: loomc %t/softmax.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=SOFTMAX
// RUN: loomc %t/max-pool.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=MAXPOOL
// RUN: loomc %t/max-pool-3d.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=MAXPOOL3D
// RUN: loomc %t/streamed.mlir --target=systolic --emit=asm --chip-config=%S/Inputs/small-vmem.ini | FileCheck %s --check-prefix=STREAM
// RUN: loomc %t/half.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=HALF

//--- bias-relu6.mlir
// MobileNet's bias and ReLU6 on 7 x 9 planes: the plane is one row of 63
// lanes, eight channels a tile, the bias broadcast along the lanes, the
// bounds in registers for the whole kernel.
// CLAMP-LABEL: # kernel @main_kernel_0
// CLAMP-NEXT:  s.lif [[LO:s[0-9]+]], 0.0
// CLAMP-NEXT:  v.splat [[ZERO:v[0-9]+]], [[LO]]
// CLAMP-NEXT:  s.lif [[HI:s[0-9]+]], 6.0
// CLAMP-NEXT:  v.splat [[SIX:v[0-9]+]], [[HI]]
// CLAMP:       s.li [[X:s[0-9]+]], 0
// CLAMP:       s.li [[B:s[0-9]+]], 8064
// CLAMP:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[F:f[0-9]+]], 1, 8064, 8064, 8064
// CLAMP:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[F]], 1, 128, 128, 128
// CLAMP:       wait [[F]], 2
// CLAMP-NEXT:  s.li [[N:s[0-9]+]], 4
// CLAMP-NEXT:  vld [[VX:v[0-9]+]], [[X]], 252, 8, 63
// CLAMP-NEXT:  vlds [[VB:v[0-9]+]], [[B]], 4, 8, 63, 0
// CLAMP-NEXT:  v.add [[SUM:v[0-9]+]], [[VX]], [[VB]]
// CLAMP-NEXT:  v.cmplt [[BELOW:v[0-9]+]], [[SUM]], [[ZERO]]
// CLAMP-NEXT:  v.sel [[LOWER:v[0-9]+]], [[BELOW]], [[ZERO]], [[SUM]]
// CLAMP-NEXT:  v.cmplt [[ABOVE:v[0-9]+]], [[SIX]], [[LOWER]]
// CLAMP-NEXT:  v.sel [[Y:v[0-9]+]], [[ABOVE]], [[SIX]], [[LOWER]]
// CLAMP-NEXT:  vst [[Y]], {{s[0-9]+}}, 252, 8, 63
// CLAMP:       loop [[N]],
// CLAMP:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[G:f[0-9]+]], 1, 8064, 8064, 8064
// CLAMP:       wait [[G]], 1
func.func @main(%x: tensor<1x32x7x9xf32>, %b: tensor<1x32x1x1xf32>) -> tensor<1x32x7x9xf32> {
  %0 = loom.add %x, %b : (tensor<1x32x7x9xf32>, tensor<1x32x1x1xf32>) -> tensor<1x32x7x9xf32>
  %1 = loom.clamp %0 min = 0.000000e+00 max = 6.000000e+00 : tensor<1x32x7x9xf32>
  return %1 : tensor<1x32x7x9xf32>
}

//--- pool.mlir
// ResNet's global average pool: eight planes of 49 a tile, summed from
// -0.0 across the lanes, divided by 49, one result per sublane; the input
// loads in two chunks, the first computed while the second arrives.
// GAP-LABEL: # kernel @main_kernel_0
// GAP-NEXT:  s.lif [[I:s[0-9]+]], -0.0
// GAP-NEXT:  v.splat [[ZERO:v[0-9]+]], [[I]]
// GAP-NEXT:  s.lif [[C:s[0-9]+]], 49.0
// GAP-NEXT:  v.splat [[COUNT:v[0-9]+]], [[C]]
// GAP:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[F:f[0-9]+]], 1, 62720, 62720, 62720
// GAP:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[F]], 1, 37632, 37632, 37632
// GAP:       wait [[F]], 1
// GAP-NEXT:  s.li [[N:s[0-9]+]], 40
// GAP-NEXT:  v.mov [[ACC:v[0-9]+]], [[ZERO]]
// GAP-NEXT:  vld [[X:v[0-9]+]], [[IN:s[0-9]+]], 196, 8, 49
// GAP-NEXT:  x.sum.init [[ACC]], [[X]], [[ACC]], 49
// GAP-NEXT:  v.div [[MEAN:v[0-9]+]], [[ACC]], [[COUNT]]
// GAP-NEXT:  vst [[MEAN]], [[OUT:s[0-9]+]], 4, 8, 1
// GAP-NEXT:  s.addi [[IN]], [[IN]], 1568
// GAP-NEXT:  s.addi [[OUT]], [[OUT]], 32
// GAP-NEXT:  loop [[N]],
// GAP:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[G:f[0-9]+]], 1, 1280, 1280, 1280
// GAP:       wait [[F]], 1
// GAP:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[G]], 1, 768, 768, 768
// GAP:       wait [[G]], 2
func.func @main(%x: tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32> {
  %0 = loom.reduce_mean %x axes [2, 3] keepdims : (tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32>
  return %0 : tensor<1x512x1x1xf32>
}

//--- softmax.mlir
// Rows of 300: two chunks of 128 and one of 44 per pass; the max skips NaN
// (replaced by -inf), the sum starts from +0.
// SOFTMAX-LABEL: # kernel @main_kernel_0
// SOFTMAX-NEXT:  s.lif [[I:s[0-9]+]], 0xff800000
// SOFTMAX-NEXT:  v.splat [[INF:v[0-9]+]], [[I]]
// SOFTMAX:       v.mov [[MAX:v[0-9]+]], [[INF]] # softmax: max
// SOFTMAX:       vld [[X:v[0-9]+]], [[IN:s[0-9]+]], 1200, 8, 128
// SOFTMAX-NEXT:  v.cmpeq [[NUM:v[0-9]+]], [[X]], [[X]]
// SOFTMAX-NEXT:  v.sel [[SKIP:v[0-9]+]], [[NUM]], [[X]], [[INF]]
// SOFTMAX-NEXT:  x.max.init [[MAX]], [[SKIP]], [[MAX]], 128
// SOFTMAX:       x.max.init [[MAX]], {{v[0-9]+}}, [[MAX]], 44
// SOFTMAX:       v.mov [[SUM:v[0-9]+]], {{v[0-9]+}} # softmax: sum
// SOFTMAX:       v.sub [[SH:v[0-9]+]], {{v[0-9]+}}, [[MAX]]
// SOFTMAX-NEXT:  v.exp [[E:v[0-9]+]], [[SH]]
// SOFTMAX-NEXT:  x.sum.init [[SUM]], [[E]], [[SUM]], 128
// SOFTMAX:       x.sum.init [[SUM]], {{v[0-9]+}}, [[SUM]], 44
// SOFTMAX:       v.exp [[E2:v[0-9]+]]
// SOFTMAX-NEXT:  v.div [[Y:v[0-9]+]], [[E2]], [[SUM]]
// SOFTMAX-NEXT:  vst [[Y]], {{s[0-9]+}}, 1200, 8, 128
func.func @main(%x: tensor<1x8x128x300xf32>) -> tensor<1x8x128x300xf32> {
  %0 = loom.softmax %x axis 3 : tensor<1x8x128x300xf32>
  return %0 : tensor<1x8x128x300xf32>
}

//--- max-pool.mlir
// ResNet's stem max_pool: -inf borders, one DMA per plane into the padded
// plane (114 floats a row), and per window position one vld of eight
// output rows (912 bytes = two padded rows apart) by 56 columns (lane
// stride 2), folded as: take x unless x <= best or best is NaN.
// MAXPOOL-LABEL: # kernel @main_kernel_0
// MAXPOOL:       vst {{v[0-9]+}}, {{s[0-9]+}}, 512, 8, 128
// MAXPOOL:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[F:f[0-9]+]], 112, 448, 456, 448
// MAXPOOL:       wait [[F]], 64
// MAXPOOL:       vlds [[X:v[0-9]+]], {{s[0-9]+}}, 912, 8, 56, 2
// MAXPOOL-NEXT:  v.cmple [[LE:v[0-9]+]], [[X]], [[BEST:v[0-9]+]]
// MAXPOOL-NEXT:  v.sel [[C:v[0-9]+]], [[LE]], [[BEST]], [[X]]
// MAXPOOL-NEXT:  v.cmpeq [[NUM:v[0-9]+]], [[BEST]], [[BEST]]
// MAXPOOL-NEXT:  v.sel [[BEST]], [[NUM]], [[C]], [[BEST]]
// MAXPOOL-COUNT-8: vlds {{v[0-9]+}}, {{s[0-9]+}}, 912, 8, 56, 2
// MAXPOOL:       vst {{v[0-9]+}}, {{s[0-9]+}}, 224, 8, 56
func.func @main(%x: tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32> {
  %0 = loom.max_pool %x kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

//--- max-pool-3d.mlir
// A 3-D max_pool (2x2x2, stride 2, pad 1) on 5x5x5 volumes: one DMA per
// plane of a volume into the 7x7x7 padded one (196 bytes a plane, 28 a
// row), and per output plane eight strided loads of three rows (two
// padded rows = 56 bytes apart) by three columns (lane stride 2), at
// window offsets (kd, kh, kw) in the evaluator's row-major order; the next
// output plane starts two padded planes (392 bytes) on.
// MAXPOOL3D-LABEL: # kernel @main_kernel_0
// MAXPOOL3D:       dma.load {{s[0-9]+}}, {{s[0-9]+}}, [[F:f[0-9]+]], 5, 20, 28, 20
// MAXPOOL3D:       wait [[F]], 10
// MAXPOOL3D:       s.addi [[A:s[0-9]+]], [[V:s[0-9]+]], 0 # max_pool window
// MAXPOOL3D-NEXT:  vlds {{v[0-9]+}}, [[A]], 56, 3, 3, 2
// MAXPOOL3D-COUNT-4: v.
// MAXPOOL3D-NEXT:  s.addi [[A]], [[V]], 4
// MAXPOOL3D:       s.addi [[A]], [[V]], 28
// MAXPOOL3D:       s.addi [[A]], [[V]], 32
// MAXPOOL3D:       s.addi [[A]], [[V]], 196
// MAXPOOL3D:       s.addi [[A]], [[V]], 200
// MAXPOOL3D:       s.addi [[A]], [[V]], 224
// MAXPOOL3D:       s.addi [[A]], [[V]], 228
// MAXPOOL3D-NEXT:  vlds {{v[0-9]+}}, [[A]], 56, 3, 3, 2
// MAXPOOL3D:       vst {{v[0-9]+}}, {{s[0-9]+}}, 12, 3, 3
// MAXPOOL3D-NEXT:  s.addi [[V]], [[V]], 392
func.func @main(%x: tensor<1x2x5x5x5xf32>) -> tensor<1x2x3x3x3xf32> {
  %0 = loom.max_pool %x kernel [2, 2, 2] strides [2, 2, 2] dilations [1, 1, 1] pad_low [1, 1, 1] pad_high [1, 1, 1] : (tensor<1x2x5x5x5xf32>) -> tensor<1x2x3x3x3xf32>
  return %0 : tensor<1x2x3x3x3xf32>
}

//--- streamed.mlir
// GPT's residual add on a chip with 64 KiB of VMEM: one coalesced dimension
// cut into rows of 128 floats, three operands in two buffers each: chunks
// of 16 rows (8 KiB), 24 of them. The next chunk loads
// while one is computed; the buffers swap by xor; each chunk's result
// stores while the next one is computed.
// STREAM-LABEL: # kernel @main_kernel_0
// STREAM:       dma.load [[A:s[0-9]+]], [[HA:s[0-9]+]], [[L:f[0-9]+]], 1, 8192, 8192, 8192
// STREAM-NEXT:  s.addi [[HA]], [[HA]], 8192
// STREAM-NEXT:  dma.load [[B:s[0-9]+]], [[HB:s[0-9]+]], [[L]], 1, 8192, 8192, 8192
// STREAM-NEXT:  s.addi [[HB]], [[HB]], 8192
// STREAM-NEXT:  signal [[S:f[0-9]+]], 2
// STREAM-NEXT:  s.li [[N:s[0-9]+]], 23
// STREAM-NEXT:  dma.load [[A2:s[0-9]+]], [[HA]], [[L]], 1, 8192, 8192, 8192
// STREAM:       dma.load [[B2:s[0-9]+]], [[HB]], [[L]], 1, 8192, 8192, 8192
// STREAM:       wait [[L]], 2
// STREAM-NEXT:  wait [[S]], 1
// STREAM:       v.add
// STREAM:       s.xor [[A]], [[A]], [[A2]]
// STREAM-NEXT:  s.xor [[A2]], [[A2]], [[A]]
// STREAM-NEXT:  s.xor [[A]], [[A]], [[A2]]
// STREAM:       dma.store {{s[0-9]+}}, {{s[0-9]+}}, [[S]], 1, 8192, 8192, 8192
// STREAM:       loop [[N]],
// STREAM:       wait [[S]], 2
// STREAM-NEXT:  halt
func.func @main(%a: tensor<1x128x384xf32>, %b: tensor<1x128x384xf32>) -> tensor<1x128x384xf32> {
  %0 = loom.add %a, %b : (tensor<1x128x384xf32>, tensor<1x128x384xf32>) -> tensor<1x128x384xf32>
  return %0 : tensor<1x128x384xf32>
}

//--- half.mlir
// An f16 product and sum: the operands widen as they load, each op's f32
// result is rounded to f16 (the evaluator's rounding of every f16 result),
// and the store writes f16.
// HALF-LABEL: # kernel @main_kernel_0
// HALF:       vld.f16 [[A:v[0-9]+]]
// HALF-NEXT:  vld.f16 [[B:v[0-9]+]]
// HALF-NEXT:  v.mul [[P:v[0-9]+]], [[A]], [[B]]
// HALF-NEXT:  v.f16 [[PR:v[0-9]+]], [[P]]
// HALF-NEXT:  v.add [[S:v[0-9]+]], [[PR]], [[A]]
// HALF-NEXT:  v.f16 [[SR:v[0-9]+]], [[S]]
// HALF-NEXT:  vst.f16 [[SR]]
func.func @main(%a: tensor<8x128xf16>, %b: tensor<8x128xf16>) -> tensor<8x128xf16> {
  %0 = loom.mul %a, %b : (tensor<8x128xf16>, tensor<8x128xf16>) -> tensor<8x128xf16>
  %1 = loom.add %0, %a : (tensor<8x128xf16>, tensor<8x128xf16>) -> tensor<8x128xf16>
  return %1 : tensor<8x128xf16>
}
