// Inputs for the differential tester (`loom-differential FILE.mlir`):
// matmuls whose right-hand side is a constant, which the CPU target stores
// in the micro-kernel's panels of 32 columns (loom-cpu-pack-matmul-weights)
// and hands to it as they are (LOOM_UKERNEL_RHS_PACKED), against the
// reference evaluator. The weights are computed from iotas and folded into
// constants at compile time, so every element differs: a ragged last panel
// (100 columns), a whole one, one row (the micro-kernel's streaming path), a
// [B, M, K] left-hand side, a grid whose column tiles are rounded up to whole
// panels (1000 columns), a weight shared by two matmuls and an add (packed
// once, and kept unpacked for the add), and a transposed weight (a Gemm's
// transB, folded before packing).
// RUN: loom-differential %s

func.func @ragged_panel_with_bias(%x: tensor<8x40xf32> {loom.random = [-1.0, 1.0]}, %b: tensor<100xf32> {loom.random = [-1.0, 1.0]}) -> tensor<8x100xf32> {
  %i = loom.iota dim 0 : tensor<40x100xf32>
  %j = loom.iota dim 1 : tensor<40x100xf32>
  %c = loom.constant dense<0.37> : tensor<40x100xf32>
  %ic = loom.mul %i, %c : (tensor<40x100xf32>, tensor<40x100xf32>) -> tensor<40x100xf32>
  %s = loom.add %ic, %j : (tensor<40x100xf32>, tensor<40x100xf32>) -> tensor<40x100xf32>
  %w = loom.sin %s : tensor<40x100xf32>
  %m = loom.matmul %x, %w : (tensor<8x40xf32>, tensor<40x100xf32>) -> tensor<8x100xf32>
  %y = loom.add %m, %b : (tensor<8x100xf32>, tensor<100xf32>) -> tensor<8x100xf32>
  return %y : tensor<8x100xf32>
}

func.func @whole_panels_relu(%x: tensor<96x48xf32> {loom.random = [-1.0, 1.0]}) -> tensor<96x64xf32> {
  %i = loom.iota dim 0 : tensor<48x64xf32>
  %j = loom.iota dim 1 : tensor<48x64xf32>
  %c = loom.constant dense<0.91> : tensor<48x64xf32>
  %jc = loom.mul %j, %c : (tensor<48x64xf32>, tensor<48x64xf32>) -> tensor<48x64xf32>
  %s = loom.sub %jc, %i : (tensor<48x64xf32>, tensor<48x64xf32>) -> tensor<48x64xf32>
  %w = loom.cos %s : tensor<48x64xf32>
  %m = loom.matmul %x, %w : (tensor<96x48xf32>, tensor<48x64xf32>) -> tensor<96x64xf32>
  %y = loom.relu %m : tensor<96x64xf32>
  return %y : tensor<96x64xf32>
}

func.func @one_row(%x: tensor<1x300xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x96xf32> {
  %i = loom.iota dim 0 : tensor<300x96xf32>
  %j = loom.iota dim 1 : tensor<300x96xf32>
  %c = loom.constant dense<1.3> : tensor<300x96xf32>
  %ic = loom.mul %i, %c : (tensor<300x96xf32>, tensor<300x96xf32>) -> tensor<300x96xf32>
  %s = loom.add %ic, %j : (tensor<300x96xf32>, tensor<300x96xf32>) -> tensor<300x96xf32>
  %w = loom.sin %s : tensor<300x96xf32>
  %m = loom.matmul %x, %w : (tensor<1x300xf32>, tensor<300x96xf32>) -> tensor<1x96xf32>
  return %m : tensor<1x96xf32>
}

func.func @batched_lhs(%x: tensor<2x64x48xf32> {loom.random = [-1.0, 1.0]}, %b: tensor<160xf32> {loom.random = [-1.0, 1.0]}) -> tensor<2x64x160xf32> {
  %i = loom.iota dim 0 : tensor<48x160xf32>
  %j = loom.iota dim 1 : tensor<48x160xf32>
  %c = loom.constant dense<0.53> : tensor<48x160xf32>
  %ic = loom.mul %i, %c : (tensor<48x160xf32>, tensor<48x160xf32>) -> tensor<48x160xf32>
  %s = loom.sub %ic, %j : (tensor<48x160xf32>, tensor<48x160xf32>) -> tensor<48x160xf32>
  %w = loom.sin %s : tensor<48x160xf32>
  %m = loom.matmul %x, %w : (tensor<2x64x48xf32>, tensor<48x160xf32>) -> tensor<2x64x160xf32>
  %a = loom.add %m, %b : (tensor<2x64x160xf32>, tensor<160xf32>) -> tensor<2x64x160xf32>
  %y = loom.relu %a : tensor<2x64x160xf32>
  return %y : tensor<2x64x160xf32>
}

// Enough work for a grid: column tiles of 125 rounded up to 128.
func.func @column_tiles(%x: tensor<128x64xf32> {loom.random = [-1.0, 1.0]}) -> tensor<128x1000xf32> {
  %i = loom.iota dim 0 : tensor<64x1000xf32>
  %j = loom.iota dim 1 : tensor<64x1000xf32>
  %c = loom.constant dense<0.017> : tensor<64x1000xf32>
  %jc = loom.mul %j, %c : (tensor<64x1000xf32>, tensor<64x1000xf32>) -> tensor<64x1000xf32>
  %s = loom.add %jc, %i : (tensor<64x1000xf32>, tensor<64x1000xf32>) -> tensor<64x1000xf32>
  %w = loom.sin %s : tensor<64x1000xf32>
  %m = loom.matmul %x, %w : (tensor<128x64xf32>, tensor<64x1000xf32>) -> tensor<128x1000xf32>
  return %m : tensor<128x1000xf32>
}

func.func @shared_weight(%x: tensor<16x32xf32> {loom.random = [-1.0, 1.0]}, %z: tensor<64x32xf32> {loom.random = [-1.0, 1.0]}, %u: tensor<32x96xf32> {loom.random = [-1.0, 1.0]}) -> (tensor<16x96xf32>, tensor<64x96xf32>, tensor<32x96xf32>) {
  %i = loom.iota dim 0 : tensor<32x96xf32>
  %j = loom.iota dim 1 : tensor<32x96xf32>
  %c = loom.constant dense<0.29> : tensor<32x96xf32>
  %ic = loom.mul %i, %c : (tensor<32x96xf32>, tensor<32x96xf32>) -> tensor<32x96xf32>
  %s = loom.add %ic, %j : (tensor<32x96xf32>, tensor<32x96xf32>) -> tensor<32x96xf32>
  %w = loom.cos %s : tensor<32x96xf32>
  %m0 = loom.matmul %x, %w : (tensor<16x32xf32>, tensor<32x96xf32>) -> tensor<16x96xf32>
  %e = loom.exp %m0 : tensor<16x96xf32>
  %m1 = loom.matmul %z, %w : (tensor<64x32xf32>, tensor<32x96xf32>) -> tensor<64x96xf32>
  %t = loom.tanh %m1 : tensor<64x96xf32>
  %a = loom.add %u, %w : (tensor<32x96xf32>, tensor<32x96xf32>) -> tensor<32x96xf32>
  return %e, %t, %a : tensor<16x96xf32>, tensor<64x96xf32>, tensor<32x96xf32>
}

func.func @transposed_weight(%x: tensor<24x80xf32> {loom.random = [-1.0, 1.0]}) -> tensor<24x72xf32> {
  %i = loom.iota dim 0 : tensor<72x80xf32>
  %j = loom.iota dim 1 : tensor<72x80xf32>
  %c = loom.constant dense<0.61> : tensor<72x80xf32>
  %ic = loom.mul %i, %c : (tensor<72x80xf32>, tensor<72x80xf32>) -> tensor<72x80xf32>
  %s = loom.sub %ic, %j : (tensor<72x80xf32>, tensor<72x80xf32>) -> tensor<72x80xf32>
  %w = loom.sin %s : tensor<72x80xf32>
  %wt = loom.transpose %w permutation [1, 0] : (tensor<72x80xf32>) -> tensor<80x72xf32>
  %m = loom.matmul %x, %wt : (tensor<24x80xf32>, tensor<80x72xf32>) -> tensor<24x72xf32>
  return %m : tensor<24x72xf32>
}

// The product transposed in the same kernel: the weight's columns are the
// root's first loop, whose tiles are rounded to whole panels.
func.func @transposed_product(%x: tensor<128x64xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1000x128xf32> {
  %i = loom.iota dim 0 : tensor<64x1000xf32>
  %j = loom.iota dim 1 : tensor<64x1000xf32>
  %c = loom.constant dense<0.023> : tensor<64x1000xf32>
  %jc = loom.mul %j, %c : (tensor<64x1000xf32>, tensor<64x1000xf32>) -> tensor<64x1000xf32>
  %s = loom.sub %jc, %i : (tensor<64x1000xf32>, tensor<64x1000xf32>) -> tensor<64x1000xf32>
  %w = loom.cos %s : tensor<64x1000xf32>
  %m = loom.matmul %x, %w : (tensor<128x64xf32>, tensor<64x1000xf32>) -> tensor<128x1000xf32>
  %t = loom.transpose %m permutation [1, 0] : (tensor<128x1000xf32>) -> tensor<1000x128xf32>
  %y = loom.neg %t : tensor<1000x128xf32>
  return %y : tensor<1000x128xf32>
}
