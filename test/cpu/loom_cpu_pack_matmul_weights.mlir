// RUN: loom-opt %s -split-input-file -loom-cpu-pack-matmul-weights \
// RUN:   -mlir-print-elementsattrs-with-hex-if-larger=4096 | FileCheck %s

// A dense layer's constant weight [64, 100] becomes 4 panels of 32 columns,
// the last padded with zeros; the kernel restores [64, 128] and slices the
// 100 columns back.
// CHECK-LABEL: func.func @main
// CHECK: %[[P:.*]] = loom.constant dense<{{.*}}> : tensor<4x64x32xf32>
// CHECK-NOT: tensor<64x100xf32>
// CHECK: call @main_kernel_0(%{{.*}}, %[[P]], %{{.*}}) : (tensor<8x64xf32>, tensor<4x64x32xf32>, tensor<100xf32>)
// CHECK-LABEL: func.func private @main_kernel_0
// CHECK-SAME: (%[[X:.*]]: tensor<8x64xf32>, %[[W:.*]]: tensor<4x64x32xf32>, %[[B:.*]]: tensor<100xf32>)
// CHECK-NEXT: %[[T:.*]] = loom.transpose %[[W]] permutation [1, 0, 2] : (tensor<4x64x32xf32>) -> tensor<64x4x32xf32>
// CHECK-NEXT: %[[R:.*]] = loom.reshape %[[T]] : tensor<64x4x32xf32> to tensor<64x128xf32>
// CHECK-NEXT: %[[S:.*]] = loom.slice %[[R]] offsets [0, 0] steps [1, 1] : tensor<64x128xf32> to tensor<64x100xf32>
// CHECK-NEXT: loom.matmul %[[X]], %[[S]]
func.func @main(%x: tensor<8x64xf32>, %b: tensor<100xf32>) -> tensor<8x100xf32> {
  %w = loom.constant dense<0.5> : tensor<64x100xf32>
  %0 = call @main_kernel_0(%x, %w, %b) : (tensor<8x64xf32>, tensor<64x100xf32>, tensor<100xf32>) -> tensor<8x100xf32>
  return %0 : tensor<8x100xf32>
}
func.func private @main_kernel_0(%x: tensor<8x64xf32>, %w: tensor<64x100xf32>, %b: tensor<100xf32>) -> tensor<8x100xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x64xf32>, tensor<64x100xf32>) -> tensor<8x100xf32>
  %1 = loom.add %0, %b : (tensor<8x100xf32>, tensor<100xf32>) -> tensor<8x100xf32>
  return %1 : tensor<8x100xf32>
}

// -----

// The element order: panel q, row p, column j holds w[p][32 q + j]; the
// 64 columns of the second row start the second half of each panel.
// CHECK-LABEL: func.func @main
// CHECK: loom.constant dense<{{\[}}{{\[}}[0.000000e+00, 1.000000e+00, {{.*}}, 3.100000e+01], [6.400000e+01, 6.500000e+01, {{.*}}, 9.500000e+01]{{.*}}{{\]}}, {{\[}}[3.200000e+01, {{.*}}, 6.300000e+01], [9.600000e+01, {{.*}}, 1.270000e+02]{{.*}} : tensor<2x16x32xf32>
func.func @main(%x: tensor<4x16xf32>) -> tensor<4x64xf32> {
  %w = loom.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0], [64.0, 65.0, 66.0, 67.0, 68.0, 69.0, 70.0, 71.0, 72.0, 73.0, 74.0, 75.0, 76.0, 77.0, 78.0, 79.0, 80.0, 81.0, 82.0, 83.0, 84.0, 85.0, 86.0, 87.0, 88.0, 89.0, 90.0, 91.0, 92.0, 93.0, 94.0, 95.0, 96.0, 97.0, 98.0, 99.0, 100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0, 116.0, 117.0, 118.0, 119.0, 120.0, 121.0, 122.0, 123.0, 124.0, 125.0, 126.0, 127.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]> : tensor<16x64xf32>
  %0 = call @main_kernel_0(%x, %w) : (tensor<4x16xf32>, tensor<16x64xf32>) -> tensor<4x64xf32>
  return %0 : tensor<4x64xf32>
}
func.func private @main_kernel_0(%x: tensor<4x16xf32>, %w: tensor<16x64xf32>) -> tensor<4x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<4x16xf32>, tensor<16x64xf32>) -> tensor<4x64xf32>
  return %0 : tensor<4x64xf32>
}

// -----

// A weight of whole panels needs no slice. A constant that two kernels
// read is packed once, and the unpacked one stays for the add that reads
// it too.
// CHECK-LABEL: func.func @main
// CHECK-DAG: %[[W:.*]] = loom.constant dense<2.500000e-01> : tensor<32x64xf32>
// CHECK-DAG: %[[P:.*]] = loom.constant dense<2.500000e-01> : tensor<2x32x32xf32>
// CHECK: call @main_kernel_0(%{{.*}}, %[[P]])
// CHECK: call @main_kernel_1(%{{.*}}, %[[P]])
// CHECK: loom.add %{{.*}}, %[[W]]
// CHECK-LABEL: func.func private @main_kernel_0
// CHECK-NEXT: loom.transpose
// CHECK-NEXT: %[[R:.*]] = loom.reshape %{{.*}} : tensor<32x2x32xf32> to tensor<32x64xf32>
// CHECK-NEXT: loom.matmul %{{.*}}, %[[R]]
func.func @main(%x: tensor<8x32xf32>, %z: tensor<16x32xf32>, %u: tensor<32x64xf32>) -> (tensor<8x64xf32>, tensor<16x64xf32>, tensor<32x64xf32>) {
  %w = loom.constant dense<0.25> : tensor<32x64xf32>
  %0 = call @main_kernel_0(%x, %w) : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %1 = call @main_kernel_1(%z, %w) : (tensor<16x32xf32>, tensor<32x64xf32>) -> tensor<16x64xf32>
  %2 = loom.add %u, %w : (tensor<32x64xf32>, tensor<32x64xf32>) -> tensor<32x64xf32>
  return %0, %1, %2 : tensor<8x64xf32>, tensor<16x64xf32>, tensor<32x64xf32>
}
func.func private @main_kernel_0(%x: tensor<8x32xf32>, %w: tensor<32x64xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}
func.func private @main_kernel_1(%z: tensor<16x32xf32>, %w: tensor<32x64xf32>) -> tensor<16x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %z, %w : (tensor<16x32xf32>, tensor<32x64xf32>) -> tensor<16x64xf32>
  %1 = loom.exp %0 : tensor<16x64xf32>
  return %1 : tensor<16x64xf32>
}

// -----

// Left as they are: a weight passed as an input (not a constant), fewer
// than two panels of columns, fewer than 16 rows, a weight the kernel also
// adds, and a kernel with two matmuls.
// CHECK-LABEL: func.func @main
// CHECK-NOT: tensor<{{[0-9]+}}x{{[0-9]+}}x32xf32>
// CHECK-NOT: loom.transpose
func.func @main(%x: tensor<8x32xf32>, %v: tensor<32x64xf32>) -> (tensor<8x64xf32>, tensor<8x48xf32>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) {
  %narrow = loom.constant dense<0.5> : tensor<32x48xf32>
  %shallow = loom.constant dense<0.5> : tensor<8x64xf32>
  %w = loom.constant dense<0.5> : tensor<32x64xf32>
  %w2 = loom.constant dense<0.75> : tensor<64x64xf32>
  %x8 = loom.constant dense<1.0> : tensor<8x8xf32>
  %0 = call @input_weight(%x, %v) : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %1 = call @narrow(%x, %narrow) : (tensor<8x32xf32>, tensor<32x48xf32>) -> tensor<8x48xf32>
  %2 = call @shallow(%x8, %shallow) : (tensor<8x8xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %3 = call @also_added(%x, %w) : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %4 = call @two_matmuls(%x, %w, %w2) : (tensor<8x32xf32>, tensor<32x64xf32>, tensor<64x64xf32>) -> tensor<8x64xf32>
  return %0, %1, %2, %3, %4 : tensor<8x64xf32>, tensor<8x48xf32>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
}
func.func private @input_weight(%x: tensor<8x32xf32>, %w: tensor<32x64xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}
func.func private @narrow(%x: tensor<8x32xf32>, %w: tensor<32x48xf32>) -> tensor<8x48xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x32xf32>, tensor<32x48xf32>) -> tensor<8x48xf32>
  return %0 : tensor<8x48xf32>
}
func.func private @shallow(%x: tensor<8x8xf32>, %w: tensor<8x64xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x8xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}
func.func private @also_added(%x: tensor<8x32xf32>, %w: tensor<32x64xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %1 = loom.slice %w offsets [0, 0] steps [1, 1] : tensor<32x64xf32> to tensor<8x64xf32>
  %2 = loom.add %0, %1 : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  return %2 : tensor<8x64xf32>
}
func.func private @two_matmuls(%x: tensor<8x32xf32>, %w: tensor<32x64xf32>, %w2: tensor<64x64xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %1 = loom.matmul %0, %w2 : (tensor<8x64xf32>, tensor<64x64xf32>) -> tensor<8x64xf32>
  return %1 : tensor<8x64xf32>
}
