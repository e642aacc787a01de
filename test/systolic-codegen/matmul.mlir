// Matmul kernels on the systolic target (codegen/Matmul.cpp), run on the
// simulated chip against the evaluator's Bf16Matmul mode bit for bit: tiles
// that fill no MXU evenly, several K folds, groups spread over the MXUs,
// batched matmuls with broadcast batch dimensions on either side, and the
// epilogues of the exported models (bias, residual, relu, GELU, the
// attention's scale and causal mask).
// RUN: loom-differential %s --target=systolic | FileCheck %s
// CHECK-COUNT-13: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode

// Five N tiles (the last 8 wide) over four MXUs: two groups, the second
// reusing the first's rows of A; three folds of K, the last 44 deep.
func.func @two_groups_three_folds(%x: tensor<50x300xf32>, %w: tensor<300x520xf32> {loom.random = [-0.2, 0.2]}) -> tensor<50x520xf32> {
  %0 = loom.matmul %x, %w : (tensor<50x300xf32>, tensor<300x520xf32>) -> tensor<50x520xf32>
  return %0 : tensor<50x520xf32>
}

// The MLP's layer: relu(x @ w + b).
func.func @bias_relu(%x: tensor<24x256xf32>, %w: tensor<256x136xf32> {loom.random = [-0.2, 0.2]}, %b: tensor<136xf32>) -> tensor<24x136xf32> {
  %mm = loom.matmul %x, %w : (tensor<24x256xf32>, tensor<256x136xf32>) -> tensor<24x136xf32>
  %biased = loom.add %mm, %b : (tensor<24x136xf32>, tensor<136xf32>) -> tensor<24x136xf32>
  %0 = loom.relu %biased : tensor<24x136xf32>
  return %0 : tensor<24x136xf32>
}

// A classifier head: one row.
func.func @one_row(%x: tensor<1x512xf32>, %w: tensor<512x1000xf32> {loom.random = [-0.1, 0.1]}, %b: tensor<1000xf32>) -> tensor<1x1000xf32> {
  %mm = loom.matmul %x, %w : (tensor<1x512xf32>, tensor<512x1000xf32>) -> tensor<1x1000xf32>
  %0 = loom.add %mm, %b : (tensor<1x1000xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  return %0 : tensor<1x1000xf32>
}

// GPT's projections: a bias, then the residual stream added.
func.func @bias_residual(%x: tensor<1x40x96xf32>, %w: tensor<96x96xf32> {loom.random = [-0.2, 0.2]}, %b: tensor<96xf32>, %r: tensor<1x40x96xf32>) -> tensor<1x40x96xf32> {
  %mm = loom.matmul %x, %w : (tensor<1x40x96xf32>, tensor<96x96xf32>) -> tensor<1x40x96xf32>
  %biased = loom.add %mm, %b : (tensor<1x40x96xf32>, tensor<96xf32>) -> tensor<1x40x96xf32>
  %0 = loom.add %r, %biased : (tensor<1x40x96xf32>, tensor<1x40x96xf32>) -> tensor<1x40x96xf32>
  return %0 : tensor<1x40x96xf32>
}

// GPT's MLP up-projection with the exact GELU: x * (erf(x / sqrt 2) + 1) * 0.5.
func.func @bias_gelu(%x: tensor<1x40x96xf32>, %w: tensor<96x200xf32> {loom.random = [-0.3, 0.3]}, %b: tensor<200xf32>) -> tensor<1x40x200xf32> {
  %sqrt2 = loom.constant dense<1.41421354> : tensor<f32>
  %one = loom.constant dense<1.0> : tensor<f32>
  %half = loom.constant dense<0.5> : tensor<f32>
  %mm = loom.matmul %x, %w : (tensor<1x40x96xf32>, tensor<96x200xf32>) -> tensor<1x40x200xf32>
  %biased = loom.add %mm, %b : (tensor<1x40x200xf32>, tensor<200xf32>) -> tensor<1x40x200xf32>
  %scaled = loom.div %biased, %sqrt2 : (tensor<1x40x200xf32>, tensor<f32>) -> tensor<1x40x200xf32>
  %erf = loom.erf %scaled : tensor<1x40x200xf32>
  %plus = loom.add %erf, %one : (tensor<1x40x200xf32>, tensor<f32>) -> tensor<1x40x200xf32>
  %prod = loom.mul %biased, %plus : (tensor<1x40x200xf32>, tensor<1x40x200xf32>) -> tensor<1x40x200xf32>
  %0 = loom.mul %prod, %half : (tensor<1x40x200xf32>, tensor<f32>) -> tensor<1x40x200xf32>
  return %0 : tensor<1x40x200xf32>
}

// GPT's attention scores: per head q @ k^T, scaled, the causal mask (a
// [T, T] i1 broadcast over the heads) selecting -inf.
func.func @scores_scale_mask(%q: tensor<1x4x24x16xf32>, %k: tensor<1x4x16x24xf32>, %mask: tensor<24x24xi1>) -> tensor<1x4x24x24xf32> {
  %scale = loom.constant dense<0.25> : tensor<f32>
  %ninf = loom.constant dense<0xFF800000> : tensor<f32>
  %mm = loom.matmul %q, %k : (tensor<1x4x24x16xf32>, tensor<1x4x16x24xf32>) -> tensor<1x4x24x24xf32>
  %scaled = loom.mul %mm, %scale : (tensor<1x4x24x24xf32>, tensor<f32>) -> tensor<1x4x24x24xf32>
  %0 = loom.select %mask, %ninf, %scaled : (tensor<24x24xi1>, tensor<f32>, tensor<1x4x24x24xf32>) -> tensor<1x4x24x24xf32>
  return %0 : tensor<1x4x24x24xf32>
}

// GPT's attention values: probabilities @ v per head, N narrower than the
// MXU.
func.func @values(%p: tensor<1x8x32x32xf32> {loom.random = [0.0, 1.0]}, %v: tensor<1x8x32x12xf32>) -> tensor<1x8x32x12xf32> {
  %0 = loom.matmul %p, %v : (tensor<1x8x32x32xf32>, tensor<1x8x32x12xf32>) -> tensor<1x8x32x12xf32>
  return %0 : tensor<1x8x32x12xf32>
}

// Batch dimensions broadcast on the left operand, on the right one, and on
// both at once.
func.func @broadcast_lhs(%x: tensor<24x40xf32>, %w: tensor<3x40x20xf32>) -> tensor<3x24x20xf32> {
  %0 = loom.matmul %x, %w : (tensor<24x40xf32>, tensor<3x40x20xf32>) -> tensor<3x24x20xf32>
  return %0 : tensor<3x24x20xf32>
}
func.func @broadcast_rhs(%x: tensor<5x24x40xf32>, %w: tensor<40x150xf32>) -> tensor<5x24x150xf32> {
  %0 = loom.matmul %x, %w : (tensor<5x24x40xf32>, tensor<40x150xf32>) -> tensor<5x24x150xf32>
  return %0 : tensor<5x24x150xf32>
}
func.func @broadcast_both(%x: tensor<2x1x8x16xf32>, %w: tensor<1x3x16x12xf32>) -> tensor<2x3x8x12xf32> {
  %0 = loom.matmul %x, %w : (tensor<2x1x8x16xf32>, tensor<1x3x16x12xf32>) -> tensor<2x3x8x12xf32>
  return %0 : tensor<2x3x8x12xf32>
}

// Signed zeros and infinities pass the accumulation as the contract says:
// an all-zero row of A gives +0.0 whatever B holds.
func.func @zero_rows(%x: tensor<8x16xf32> {loom.random = [0.0, 0.0]}, %w: tensor<16x16xf32> {loom.random = [-1.0, 1.0]}) -> tensor<8x16xf32> {
  %0 = loom.matmul %x, %w : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// Constant weights: rounded to bf16 when the library is built and loaded as
// bf16 (N even: rows of whole 4-byte units), or kept f32 (N odd).
func.func @constant_weights_bf16(%x: tensor<12x8xf32>) -> tensor<12x6xf32> {
  %w = loom.constant dense<[[-0.176167, -0.349151, 0.150934, -0.427564, 0.035882, -0.134311], [-0.442001, 0.00743573, -0.462504, -0.0663543, -0.430145, -0.409287], [-0.0754808, 0.326852, -0.376198, -0.276761, 0.127433, 0.447709], [0.0771029, -0.10332, 0.476255, -0.453417, 0.358468, -0.210391], [-0.355745, -0.382208, -0.191518, 0.316126, -0.319274, 0.0816002], [0.138913, -0.127602, 0.0477445, -0.437211, -0.440399, -0.294041], [0.1804, -0.0724077, -0.185853, 0.0855619, -0.0468156, -0.200233], [0.294379, 0.198994, -0.255903, 0.0744237, 0.0251965, 0.375137]]> : tensor<8x6xf32>
  %0 = loom.matmul %x, %w : (tensor<12x8xf32>, tensor<8x6xf32>) -> tensor<12x6xf32>
  return %0 : tensor<12x6xf32>
}
func.func @constant_weights_odd_columns(%x: tensor<12x8xf32>) -> tensor<12x5xf32> {
  %w = loom.constant dense<[[0.229445, -0.212062, 0.480175, -0.381934, -0.0818772], [0.257141, -0.348015, -0.0110369, -0.460793, 0.168216], [0.264571, 0.0730259, 0.375478, -0.186252, 0.195295], [0.0943699, 0.0798952, -0.0437947, 0.339968, 0.444681], [-0.0259017, 0.164152, -0.439331, 0.201492, 0.147129], [0.493096, 0.321925, -0.215404, -0.114209, 0.168653], [-0.477437, -0.0383047, -0.331952, -0.382904, -0.441046], [0.268233, -0.37066, -0.252385, -0.10905, 0.371422]]> : tensor<8x5xf32>
  %0 = loom.matmul %x, %w : (tensor<12x8xf32>, tensor<8x5xf32>) -> tensor<12x5xf32>
  return %0 : tensor<12x5xf32>
}
