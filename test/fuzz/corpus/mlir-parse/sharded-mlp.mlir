// A model on a 2x2 mesh as loomc reads it: a shard.grid with axis names,
// sharded arguments, the loom ops' custom forms and a dense constant.
shard.grid @mesh(shape = 2x2) {loom.mesh_axes = ["data", "model"]}
func.func @main(%x: tensor<8x16xf32> {loom.sharding = #loom.sharding<@mesh, [[0], []]>},
                %w: tensor<16x32xbf16> {loom.sharding = #loom.sharding<@mesh, [[], [1]]>}) -> tensor<8x32xf32> {
  %c = loom.constant dense<0.5> : tensor<32xf32>
  %wf = loom.cast %w : tensor<16x32xbf16> to tensor<16x32xf32>
  %y = loom.matmul %x, %wf : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %b = loom.add %y, %c : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  %r = loom.relu %b : tensor<8x32xf32>
  return %r : tensor<8x32xf32>
}
