// loom-run --compare-reference runs each kernel of a CPU artifact beside
// the reference evaluator (libloom_compiler.so, opened at run time) on the
// bytes the kernel read, and prints per kernel its source nodes (the names
// of its ops' locations) and each result's errors; at the first kernel
// beyond the tolerance it stops naming that kernel and its nodes.
// RUN: rm -rf %t && split-file %s %t
// RUN: loomc %t/mlp.mlir --target=cpu -o %t/mlp.loom
// RUN: loom-run %t/mlp.loom --input=2x8xf32=0.5 --compare-reference | FileCheck %s --check-prefix=MATCH
// MATCH:      command 0: kernel 'main_kernel_0' from fc1, fc1_bias, relu1
// MATCH-NEXT:   result 0 (32 x f32): max abs error 0, max rel error 0
// MATCH-NEXT: command 1: kernel 'main_kernel_1' from fc2
// MATCH-NEXT:   result 0 (8 x f32): max abs error {{.*}}, max rel error {{.*}}
// MATCH-NEXT: command 2: kernel 'main_kernel_2' from probs
// MATCH-NEXT:   result 0 (8 x f32): max abs error {{.*}}, max rel error {{.*}}
// MATCH-NEXT: 3 launches match the reference evaluator (rtol 0.0001, atol 0.0001 x max(1, max |reference|))

// A kernel miscompiled on purpose (a test-only loomc option adds 1 to its
// result; the artifact keeps its correct source) is the one named, with its
// nodes, and the kernels after it do not run.
// RUN: loomc %t/mlp.mlir --target=cpu --debug-miscompile-kernel=main_kernel_1 -o %t/bad.loom
// RUN: not loom-run %t/bad.loom --input=2x8xf32=0.5 --compare-reference > %t/bad.out 2> %t/bad.err
// RUN: FileCheck %s --check-prefix=BAD < %t/bad.out
// RUN: FileCheck %s --check-prefix=BAD-ERR < %t/bad.err
// BAD:      command 0: kernel 'main_kernel_0' from fc1, fc1_bias, relu1
// BAD-NEXT:   result 0 (32 x f32): max abs error 0, max rel error 0
// BAD-NEXT: command 1: kernel 'main_kernel_1' from fc2
// BAD-NEXT:   result 0 (8 x f32): max abs error 1, max rel error {{.*}}  BEYOND TOLERANCE
// BAD-NOT:  command 2
// The atol applied scales with the result's largest |reference| (3 here).
// BAD-ERR: loom-run: error: {{.*}}bad.loom: command 1: kernel 'main_kernel_1' differs from the reference evaluator (rtol 0.0001, atol 0.0003): result 0: 8 of 8 elements differ; first at index 0 [0]: got {{.*}}, expected {{.*}}; look at its source nodes: fc2

// The tolerance is --rtol/--atol's when given: a wide one passes it.
// RUN: loom-run %t/bad.loom --input=2x8xf32=0.5 --compare-reference --atol=2 | FileCheck %s --check-prefix=WIDE
// WIDE: 3 launches match the reference evaluator (rtol 0.0001, atol 2)

// Without the compiler library it is one line.
// RUN: not loom-run %t/mlp.loom --input=2x8xf32=0.5 --compare-reference --reference-library=%t/none.so 2>&1 | FileCheck %s --check-prefix=NO-LIBRARY --implicit-check-not='{{.}}'
// NO-LIBRARY: loom-run: error: {{.*}}mlp.loom: --compare-reference needs the compiler library ({{.*}}none.so), which could not be opened ({{.*}}); give its path with --reference-library=PATH or LOOM_COMPILER_LIBRARY

// A sharded artifact is checked per device, each device's lines together,
// and each collective against its definition on the sources the group
// sent (here the all-reduce of fc2's partial sums).
// RUN: loomc %t/mlp.mlir --mesh=model=2 --parallel=tensor -o %t/sharded.loom
// RUN: loom-run %t/sharded.loom --input=2x8xf32=0.5 --compare-reference | FileCheck %s --check-prefix=SHARDED
// SHARDED:      device 0: command 0: kernel 'main_kernel_0' from fc1, fc1_bias, relu1
// SHARDED-NEXT:   result 0 (16 x f32): max abs error 0, max rel error 0
// SHARDED-NEXT: device 0: command 1: kernel 'main_kernel_1' from fc2
// SHARDED-NEXT:   result 0 (8 x f32): max abs error {{.*}}
// SHARDED-NEXT: device 0: command 2: collective AllReduce over 2 devices
// SHARDED-NEXT:   result 0 (8 x f32): max abs error {{.*}}
// SHARDED-NEXT: device 0: command 3: kernel 'main_kernel_2' from probs
// SHARDED-NEXT:   result 0 (8 x f32): max abs error {{.*}}
// SHARDED-NEXT: device 1: command 0: kernel 'main_kernel_0' from fc1, fc1_bias, relu1
// SHARDED:      device 1: command 2: collective AllReduce over 2 devices
// SHARDED:      6 launches match the reference evaluator and 2 collectives their definition (rtol 0.0001, atol 0.0001 x max(1, max |reference|))
// RUN: loomc %t/mlp.mlir --mesh=model=2 --parallel=tensor --debug-miscompile-kernel=main_kernel_1 -o %t/sharded-bad.loom
// RUN: not loom-run %t/sharded-bad.loom --input=2x8xf32=0.5 --compare-reference 2>&1 | FileCheck %s --check-prefix=SHARDED-BAD
// SHARDED-BAD: device 0: command 1: kernel 'main_kernel_1' from fc2
// SHARDED-BAD-NEXT: result 0 (8 x f32): max abs error 1, max rel error {{.*}}  BEYOND TOLERANCE
// SHARDED-BAD-NOT: collective
// SHARDED-BAD: loom-run: error: {{.*}}sharded-bad.loom: device {{[01]}}: command 1: kernel 'main_kernel_1' differs from the reference evaluator (rtol 0.0001, atol 0.00015): result 0: 8 of 8 elements differ; {{.*}}; look at its source nodes: fc2

// A systolic artifact is compared at the chip's numerics (the evaluator's
// Bf16Matmul precision), its kernels' arguments read out of the simulated
// HBM; the chip matches it bit for bit here.
// RUN: loomc %t/mlp.mlir --target=systolic -o %t/systolic.loom
// RUN: loom-run %t/systolic.loom --input=2x8xf32=0.5 --compare-reference | FileCheck %s --check-prefix=SYSTOLIC
// SYSTOLIC:      command 0: kernel 'main_kernel_0' from fc1, fc1_bias, relu1
// SYSTOLIC-NEXT:   result 0 (32 x f32): max abs error 0, max rel error 0
// SYSTOLIC:      3 launches match the reference evaluator (rtol 0.0001, atol 0.0001 x max(1, max |reference|))
// RUN: loomc %t/mlp.mlir --target=systolic --debug-miscompile-kernel=main_kernel_0 -o %t/systolic-bad.loom
// RUN: not loom-run %t/systolic-bad.loom --input=2x8xf32=0.5 --compare-reference 2>&1 | FileCheck %s --check-prefix=SYSTOLIC-BAD
// SYSTOLIC-BAD: command 0: kernel 'main_kernel_0' from fc1, fc1_bias, relu1
// SYSTOLIC-BAD-NEXT: result 0 (32 x f32): max abs error 1, max rel error {{.*}}  BEYOND TOLERANCE
// SYSTOLIC-BAD: loom-run: error: {{.*}}systolic-bad.loom: command 0: kernel 'main_kernel_0' differs from the reference evaluator {{.*}}; look at its source nodes: fc1, fc1_bias, relu1

// What is not supported yet is one line: a systolic mesh (its chips run
// together on one torus); and it runs once, so it takes no --benchmark.
// RUN: loomc %t/mlp.mlir --target=systolic --mesh=model=2 --parallel=tensor -o %t/systolic-mesh.loom
// RUN: not loom-run %t/systolic-mesh.loom --input=2x8xf32=0.5 --compare-reference 2>&1 | FileCheck %s --check-prefix=SYSTOLIC-MESH --implicit-check-not='{{.}}'
// SYSTOLIC-MESH: loom-run: error: {{.*}}systolic-mesh.loom: --compare-reference: device program 0 targets Systolic in a mesh, which is not supported yet (cpu artifacts, sharded or not, and single-device systolic ones)
// RUN: not loom-run %t/mlp.loom --input=2x8xf32=0.5 --compare-reference --benchmark=2 2>&1 | FileCheck %s --check-prefix=BENCHMARK --implicit-check-not='{{.}}'
// BENCHMARK: loom-run: error: --compare-reference runs the model once beside the reference evaluator; it takes no --dataset, --expected, --output, --benchmark, --trace or --profile
// RUN: not loomc %t/mlp.mlir --target=cpu --debug-miscompile-kernel=main_kernel_9 -o %t/none.loom 2>&1 | FileCheck %s --check-prefix=NO-KERNEL
// NO-KERNEL: --debug-miscompile-kernel: no kernel @main_kernel_9

//--- mlp.mlir
func.func @main(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w1 = loom.constant dense<0.125> : tensor<8x16xf32> loc("fc1.weight")
  %b1 = loom.constant dense<[0.0, 0.5, -0.5, 1.0, 0.0, 0.5, -0.5, 1.0,
                             0.0, 0.5, -0.5, 1.0, 0.0, 0.5, -0.5, 1.0]> : tensor<16xf32> loc("fc1.bias")
  %h = loom.matmul %x, %w1 : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32> loc("fc1")
  %hb = loom.add %h, %b1 : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x16xf32> loc("fc1_bias")
  %r = loom.relu %hb : tensor<2x16xf32> loc("relu1")
  %w2 = loom.constant dense<-0.25> : tensor<16x4xf32> loc("fc2.weight")
  %o = loom.matmul %r, %w2 : (tensor<2x16xf32>, tensor<16x4xf32>) -> tensor<2x4xf32> loc("fc2")
  %s = loom.softmax %o axis 1 : tensor<2x4xf32> loc("probs")
  return %s : tensor<2x4xf32>
}
